package meeting

import (
	"strings"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
)

func modelTemplate(name string) (*gov.Agreement, error) {
	src, err := model.Template(name)
	if err != nil {
		return nil, err
	}
	return model.Parse(name+".yaml", src)
}

// unfold joins RFC 5545 folded lines.
func unfold(ics string) string { return strings.ReplaceAll(ics, "\r\n ", "") }
