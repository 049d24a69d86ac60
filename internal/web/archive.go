package web

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/steerco/steerco/internal/archive"
)

// archiveExport sends the agreement's E-ARK package (issue 21) as a zip,
// to the same roles as the data export: the administrators and the
// customer's representatives, whose records these are. The package is
// written to a temporary folder first, as `steerco archive export` does,
// then sent.
func (s *Server) archiveExport(w http.ResponseWriter, r *Req) {
	if !slices.Contains(exportRoles, r.Role) {
		s.forbidden(w, r)
		return
	}
	dir, err := os.MkdirTemp("", "steerco-archive-")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "package.zip")
	sum, err := archive.Export(r.Context(), s.store, archive.Options{Agreement: r.Agreement.Slug, Now: s.cfg.Now(),
		From: r.URL.Query().Get("from"), To: r.URL.Query().Get("to")}, out)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f, err := os.Open(out)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.log.Info("archive export", "agreement", r.Agreement.Slug, "user_id", r.User.ID, "package", sum.ID, "bytes", st.Size())
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.zip"`, sum.ID))
	w.Header().Set("Content-Length", strconv.FormatInt(st.Size(), 10))
	w.Header().Set("Cache-Control", "no-store")
	io.Copy(w, f)
}
