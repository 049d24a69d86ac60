package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/export"
	"github.com/steerco/steerco/internal/history"
	"github.com/steerco/steerco/internal/store"
)

// The records of the past and their exports: an object's history from
// the audit log, the agreement's data export (zip) and a user's own
// personal data (JSON). They are one file because they read the same
// records, each only for those who may see them.

// historyView is the history page's data.
type historyView struct {
	Type, Label, Href string
	Entries           []history.Entry
}

// history shows an object's audit entries, newest first.
func (s *Server) history(w http.ResponseWriter, r *Req) {
	hidden := s.cat.T(r.Lang, "pages.forum.hiddenperson")
	o, entries, err := history.New(s.store).Of(r.Context(), r.Agreement, r.Principal, r.Role, r.PathValue("type"), r.PathValue("id"), hidden)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for i := range entries {
		if entries[i].Hidden {
			entries[i].Actor = hidden
		}
	}
	v := &historyView{Type: o.Type, Label: o.Label, Href: o.Href, Entries: entries}
	t := func(id string, args ...any) string { return s.cat.T(r.Lang, id, args...) }
	p := s.page(r, t("history.title", "Object", o.Label), v)
	p.Crumbs = []Crumb{{Label: r.Agreement.Name, Href: "/a/" + r.Agreement.Slug}}
	if o.Href != "" && o.Href != "/a/"+r.Agreement.Slug {
		p.Crumbs = append(p.Crumbs, Crumb{Label: o.Label, Href: o.Href})
	}
	p.Crumbs = append(p.Crumbs, Crumb{Label: t("history.crumb")})
	s.render(w, r, http.StatusOK, "history", p)
}

// exportRoles may download an agreement's full export: administrators,
// and the customer's representatives, to whom the extract belongs. The
// route's action must allow no more than these (see routes.go).
var exportRoles = []auth.Role{auth.Admin, auth.Customer}

// agreementExport sends the agreement's data export as a zip. The zip is
// written to a temporary file first, then sent: the export reads one
// snapshot in a transaction, which on SQLite holds the only database
// connection, and must not wait on a slow download. The file keeps
// memory use flat however large the materials are.
func (s *Server) agreementExport(w http.ResponseWriter, r *Req) {
	if !slices.Contains(exportRoles, r.Role) {
		s.forbidden(w, r)
		return
	}
	f, err := os.CreateTemp("", "steerco-export-*.zip")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if _, err := export.Agreement(r.Context(), s.store, r.Agreement.Slug, f); err != nil {
		s.serverError(w, r, err)
		return
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.log.Info("agreement export", "agreement", r.Agreement.Slug, "user_id", r.User.ID, "bytes", size)
	name := fmt.Sprintf("%s-export-%s.zip", r.Agreement.Slug, s.cfg.Now().UTC().Format("20060102"))
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	w.Header().Set("Cache-Control", "no-store")
	io.Copy(w, f)
}

// accountExport sends the signed-in user their own personal data as JSON
// (what `steerco privacy export` gives an operator for anyone).
func (s *Server) accountExport(w http.ResponseWriter, r *Req) {
	var buf bytes.Buffer
	err := export.Person(r.Context(), s.store, r.User.Email, &buf)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	} else if err != nil {
		s.serverError(w, r, err)
		return
	}
	attachFile(w, "application/json; charset=utf-8", "steerco-personal-data.json", buf.Bytes())
}
