// Package docs holds the documents that the server itself serves: the
// OpenAPI description of the JSON API, the one canonical copy that
// /api/v1/openapi.json serves and the API page (/{lang}/api) is made from.
package docs

import _ "embed"

// OpenAPI is the OpenAPI 3.1 description of the JSON API under /api/v1,
// docs/openapi.json. Tests check that it describes every route the engine
// serves and nothing else, and that Redocly's linter passes it.
//
//go:embed openapi.json
var OpenAPI []byte
