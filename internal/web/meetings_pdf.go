package web

import (
	"net/http"
	"time"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/minutesdoc"
)

// The minutes' PDF is laid out and printed by internal/minutesdoc,
// shared with the meeting service that seals the signed record.
type minutesDoc = minutesdoc.Doc

// renderPDF prints blocks on A4 pages (internal/minutesdoc).
func renderPDF(blocks []minutesdoc.Block, title, lang string, created time.Time) ([]byte, error) {
	return minutesdoc.Render(blocks, title, lang, created)
}

// minutesPDF is the minutes' document: the sealed PDF once signed,
// else the approved minutes, in the agreement's language whoever
// downloads them (the minutes are one document of both parties).
func (s *Server) minutesPDF(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	pdf, name, err := s.meetingSvc().MinutesPDF(r.Context(), r.Agreement, s.actor(r), id)
	if err != nil {
		if gov.CodeOf(err) == gov.CodeConflict {
			s.renderError(w, r, http.StatusConflict, "meetings.pdf.notapproved")
			return
		}
		s.fail(w, r, err)
		return
	}
	attachFile(w, "application/pdf", name, pdf)
}

// markdownBlocks turns markdown into the PDF's plain blocks
// (internal/minutesdoc).
func markdownBlocks(src string) []minutesdoc.Block { return minutesdoc.MarkdownBlocks(src) }
