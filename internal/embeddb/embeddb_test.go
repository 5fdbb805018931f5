package embeddb_test

import (
	"context"
	"database/sql"
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

// plan returns SQLite's plan for the query the engine runs to find a record by _id.
func plan(t *testing.T, dir, table string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "t.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(fmt.Sprintf(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM %q WHERE _ferretdb_sjson->'$._id' = ?`, table), `"x"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, detail)
	}
	return strings.Join(out, "; ")
}

func TestIndexIDsLetsLookupsByIDUseAnIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	srv, err := embeddb.Start(context.Background(), embeddb.Options{Dir: dir, Logger: testutil.Quiet()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	client, err := mongo.Connect(options.Client().ApplyURI(srv.URI()))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(ctx)
	coll := client.Database("t").Collection("docs")
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: "A/RES/76/7"}, {Key: "title", Value: "Political Declaration"}}); err != nil {
		t.Fatal(err)
	}

	var table string
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "t.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT table_name FROM _ferretdb_collections WHERE name = 'docs'`).Scan(&table); err != nil {
		t.Fatal(err)
	}
	db.Close()

	if p := plan(t, dir, table); !strings.Contains(p, "SCAN") {
		t.Fatalf("before IndexIDs the plan is %q; the engine's own index was expected not to serve this query", p)
	}
	for range 2 { // idempotent
		if err := srv.IndexIDs(ctx, "t"); err != nil {
			t.Fatal(err)
		}
	}
	if p := plan(t, dir, table); !strings.Contains(p, "USING INDEX") {
		t.Errorf("after IndexIDs the plan is %q, want an index search", p)
	}
	var got bson.M
	if err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: "A/RES/76/7"}}).Decode(&got); err != nil || got["title"] != "Political Declaration" {
		t.Errorf("find by _id after IndexIDs: %v, %v", got, err)
	}
}

func TestIndexIDsOnAMissingDatabaseDoesNothing(t *testing.T) {
	srv := testutil.Embedded(t)
	if err := srv.IndexIDs(context.Background(), "never_created"); err != nil {
		t.Errorf("IndexIDs on a database that does not exist: %v", err)
	}
}

func TestASecondProcessCanJoinOverTCP(t *testing.T) {
	srv, err := embeddb.Start(context.Background(), embeddb.Options{Dir: filepath.Join(t.TempDir(), "db"), TCPAddr: "127.0.0.1:0", Logger: testutil.Quiet()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if !strings.HasPrefix(srv.TCPURI(), "mongodb://127.0.0.1:") || !strings.HasPrefix(srv.URI(), "mongodb://%2F") {
		t.Fatalf("URI %q, TCP URI %q", srv.URI(), srv.TCPURI())
	}
	ctx := context.Background()
	for _, uri := range []string{srv.URI(), srv.TCPURI()} {
		client, err := mongo.Connect(options.Client().ApplyURI(uri))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := client.Database("t").Collection("c").InsertOne(ctx, bson.D{{Key: "_id", Value: uri}}); err != nil {
			t.Errorf("write through %s: %v", uri, err)
		}
		client.Disconnect(ctx)
	}
	client, _ := mongo.Connect(options.Client().ApplyURI(srv.TCPURI()))
	defer client.Disconnect(ctx)
	if n, err := client.Database("t").Collection("c").CountDocuments(ctx, bson.D{}); err != nil || n != 2 {
		t.Errorf("both connections see %d records (%v), want 2", n, err)
	}
}

func TestAPathTheEngineCannotOpenIsRefusedClearly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a#b", "db")
	_, err := embeddb.Start(context.Background(), embeddb.Options{Dir: dir, Logger: testutil.Quiet()})
	if err == nil || !strings.Contains(err.Error(), "has a '#', '?' or '%', which the engine cannot open") {
		t.Errorf("err = %v", err)
	}
}
