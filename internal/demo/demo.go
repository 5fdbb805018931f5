// Package demo holds the demonstration content: the bodies, meetings,
// documents and recommendations of the UNODC Human Trafficking and Migrant
// Smuggling Section's 2021 annual report and its 2022 calendar. Every record
// in it is marked as sample content.
package demo

import (
	"bytes"
	"context"
	_ "embed"

	"plenary/internal/catalog"
	"plenary/internal/importer"
	"plenary/internal/store"
)

// Data is the demo data set in the import format (JSON Lines).
//
//go:embed demo.jsonl
var Data []byte

// LoadIfEmpty imports the demo data set when the catalogue holds no bodies,
// sessions or documents. It reports whether it loaded anything.
func LoadIfEmpty(ctx context.Context, st store.Catalog) (importer.Report, bool, error) {
	for _, k := range []catalog.Kind{catalog.KindBody, catalog.KindSession, catalog.KindDocument} {
		n, err := st.Count(ctx, k)
		if err != nil {
			return importer.Report{}, false, err
		}
		if n > 0 {
			return importer.Report{}, false, nil
		}
	}
	im := importer.Importer{Store: st}
	rep, err := im.Import(ctx, bytes.NewReader(Data))
	return rep, true, err
}
