package web

import (
	"bytes"
	"html/template"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// Minutes, agenda descriptions and proposals are markdown written by
// users. They are rendered with goldmark (raw HTML is not passed
// through) and then sanitised with bluemonday's UGC policy, so nothing a
// user writes can add script, style or event handlers to a page.
var (
	mdOnce     sync.Once
	mdRenderer goldmark.Markdown
	mdPolicy   *bluemonday.Policy
)

func markdownSetup() {
	mdRenderer = goldmark.New(goldmark.WithExtensions(extension.GFM))
	mdPolicy = bluemonday.UGCPolicy()
	mdPolicy.RequireNoFollowOnLinks(true)
}

// markdownDoc parses markdown.
func markdownDoc(src []byte) ast.Node {
	mdOnce.Do(markdownSetup)
	return mdRenderer.Parser().Parse(text.NewReader(src))
}

// markdownHTML renders markdown as sanitised HTML whose headings start
// at level base and never skip a level, so that text a user wrote keeps
// the page's outline in order.
func markdownHTML(src string, base int) template.HTML {
	b := []byte(src)
	doc := markdownDoc(b)
	outline(doc, base)
	var buf bytes.Buffer
	if err := mdRenderer.Renderer().Render(&buf, b, doc); err != nil {
		// Rendering fails only on a writer error; show the text as text.
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(mdPolicy.SanitizeBytes(buf.Bytes()))
}

// outline moves the headings so that the highest becomes base and each
// is at most one level below the one before it.
func outline(doc ast.Node, base int) {
	var hs []*ast.Heading
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			hs = append(hs, h)
		}
		return ast.WalkContinue, nil
	})
	top := 6
	for _, h := range hs {
		top = min(top, h.Level)
	}
	prev := base - 1
	for _, h := range hs {
		h.Level = min(h.Level-top+base, prev+1, 6)
		prev = h.Level
	}
}
