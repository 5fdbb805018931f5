package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/catalog"
)

// languageJSON describes one of the seven languages.
type languageJSON struct {
	Code    catalog.Lang `json:"code"`
	Letter  string       `json:"letter"`
	Name    string       `json:"name"`
	English string       `json:"english"`
	RTL     bool         `json:"rtl"`
	// Official is false for Portuguese, whose versions are translations.
	Official bool `json:"official"`
}

// languagesList serves GET /languages: the content languages, in UN order.
func (h handler) languagesList(c *gin.Context) {
	items := make([]languageJSON, len(catalog.Languages))
	for i, l := range catalog.Languages {
		items[i] = languageJSON{Code: l, Letter: l.Letter(), Name: l.Native(), English: l.EnglishName(), RTL: l.RTL(), Official: l.Official()}
	}
	c.JSON(http.StatusOK, list[languageJSON]{Total: len(items), Page: 1, Size: len(items), Items: items})
}
