package embeddb_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"plenary/internal/embeddb"
	"plenary/internal/testutil"
)

// BenchmarkFindByID looks records up by _id in a collection of 20,000
// records of about 2 KB, first as the engine stands (the baseline, in the
// same run), then after IndexIDs.
func BenchmarkFindByID(b *testing.B) {
	const n = 20_000
	srv, err := embeddb.Start(context.Background(), embeddb.Options{Dir: filepath.Join(b.TempDir(), "db"), Logger: testutil.Quiet()})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	client, err := mongo.Connect(options.Client().ApplyURI(srv.URI()))
	if err != nil {
		b.Fatal(err)
	}
	defer client.Disconnect(ctx)
	coll := client.Database("bench").Collection("docs")
	text := strings.Repeat("Trafficking in persons and the smuggling of migrants. ", 36)
	for i := 0; i < n; i += 1000 {
		batch := make([]any, 0, 1000)
		for j := i; j < i+1000; j++ {
			batch = append(batch, bson.D{{Key: "_id", Value: fmt.Sprintf("CTOC/COP/WG.4/2021/%d", j)}, {Key: "text", Value: text}})
		}
		if _, err := coll.InsertMany(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	find := func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			id := fmt.Sprintf("CTOC/COP/WG.4/2021/%d", (i*7919)%n)
			if err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Err(); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("engine index only", find)
	if err := srv.IndexIDs(ctx, "bench"); err != nil {
		b.Fatal(err)
	}
	b.Run("with IndexIDs", find)
}
