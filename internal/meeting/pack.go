package meeting

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/steerco/steerco/internal/agendapack"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/store"
)

// AgendaPack is the meeting's agenda pack: one PDF with the agenda and
// the newest version of every PDF material appended in agenda order, with
// a bookmark per item; other files are listed with name, size and
// SHA-256, and a file that is not a valid PDF is listed as not merged.
// In the agreement's language. An agenda not yet published is the
// convener's only.
func (s *Service) AgendaPack(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64) (pdf []byte, name string, err error) {
	var pack agendapack.Pack
	err = s.st.ReadMeetings(ctx, func(tx *store.Tx) error {
		r, err := s.readRecord(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		if r.m.State == gov.Planned && !CanConvene(x, a, r.sc.f) {
			return errf(gov.CodeConflict, "pack.unpublished", "the agenda is not published yet")
		}
		lang := a.Language
		t := func(id string, args ...any) string { return s.cat.T(lang, id, args...) }
		start, end := r.m.Start.In(r.sc.loc), r.m.End.In(r.sc.loc)
		name = fmt.Sprintf("agenda-%s-%s.pdf", r.sc.f.Slug, r.m.LocalDate)
		place := strings.TrimPrefix(r.m.Location+" / "+r.m.OnlineURL, " / ")
		place = strings.TrimSuffix(place, " / ")
		pack = agendapack.Pack{Lang: lang, Created: s.Now(),
			Labels: agendapack.Labels{Title: t("pack.title", "Forum", r.sc.f.Name, "Date", i18n.Date(lang, start)), Agenda: t("pack.agenda"),
				Materials: t("pack.materials"), Other: t("pack.other"), Invalid: t("pack.invalid"),
				Size: func(n int64) string { return sizeText(lang, n) }},
			Facts: [][2]string{{t("minutesdraft.when"), i18n.Date(lang, start) + " " + clock(lang, start) + "–" + clock(lang, end)},
				{t("minutesdraft.place"), place}, {t("pack.materialsdue"), r.m.MaterialsDue}}}
		nos := map[int64]int{}
		for _, it := range r.items {
			if it.Status != gov.ItemAccepted {
				continue
			}
			nos[it.ID] = len(pack.Items) + 1
			detail := t("pages.itemtype." + string(it.Type))
			if it.Presenter != "" {
				detail += ", " + it.Presenter
			}
			descr := it.Description
			if it.Source == "previous-minutes" {
				descr = ""
			}
			pack.Items = append(pack.Items, agendapack.Item{No: len(pack.Items) + 1, Title: it.Title, Detail: detail, Descr: descr})
		}
		mats, err := tx.Materials(ctx, r.m.ID)
		if err != nil {
			return err
		}
		newest := map[string]gov.Material{}
		for _, mt := range mats {
			if cur, ok := newest[mt.Name]; !ok || mt.Version > cur.Version {
				newest[mt.Name] = mt
			}
		}
		for _, mt := range mats {
			if newest[mt.Name].ID != mt.ID {
				continue // superseded
			}
			_, data, err := tx.MaterialData(ctx, r.m.ID, mt.ID)
			if errors.Is(err, store.ErrNotFound) {
				continue
			} else if err != nil {
				return err
			}
			pack.Materials = append(pack.Materials, agendapack.Material{Name: mt.Name, Size: mt.Size, SHA256: mt.SHA256, ItemNo: nos[mt.ItemID], Data: data})
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	pdf, err = agendapack.Build(pack)
	return pdf, name, err
}

// sizeText is a file size in kB or MB, the language's way.
func sizeText(lang string, n int64) string {
	switch {
	case n >= 1<<20:
		return i18n.Number(lang, float64(n*10/(1<<20))/10) + " MB"
	case n >= 1<<10:
		return i18n.Number(lang, float64(n*10/(1<<10))/10) + " kB"
	}
	return i18n.Number(lang, n) + " B"
}
