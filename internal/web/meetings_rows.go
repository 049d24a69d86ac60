package web

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
)

// The meeting page's rows: agenda items, files, attendance, minutes
// and action items as the viewer may see them.

// mtgItem is an agenda item for the page.
func (l *lens) mtgItem(v *mtg, it gov.AgendaItem, n *names) mtgItem {
	row := mtgItem{ID: it.ID, Title: it.Title, Type: l.t("pages.itemtype." + string(it.Type)), Source: l.tOr("meetings.source."+it.Source, it.Source),
		Status: it.Status, StatusText: l.t("meetings.itemstatus." + string(it.Status)), ProposedBy: n.of(it.ProposedBy), DeclineReason: it.DeclineReason}
	row.TypeID, row.RawTitle, row.RawDescription, row.RawPresenter, row.MinutesN = string(it.Type), it.Title, it.Description, it.Presenter, it.Minutes
	row.Presenter = it.Presenter
	if who := l.who(v.f, it.Presenter); who != "" {
		row.Presenter = who
	}
	if it.Minutes > 0 {
		row.Duration = l.t("pages.agenda.minutes", "Count", it.Minutes)
	}
	if id, ok := strings.CutPrefix(it.Description, "meeting:"); ok && it.Source == "previous-minutes" {
		row.Link = "/a/" + l.a.Slug + "/meetings/" + id
	} else if it.Description != "" {
		row.Description = markdownHTML(it.Description, 4)
	}
	return row
}

// mtgMaterials lists the files by name, newest version first, with
// whether any arrived late.
func (l *lens) mtgMaterials(v *mtg, href string, n *names) (out []mtgMaterial, late bool) {
	newest := map[string]int{}
	for _, mt := range v.mats {
		newest[mt.Name] = max(newest[mt.Name], mt.Version)
	}
	items := map[int64]string{}
	for _, it := range v.items {
		items[it.ID] = it.Title
	}
	for _, mt := range v.mats {
		late = late || mt.Late
		out = append(out, mtgMaterial{ID: mt.ID, Href: fmt.Sprintf("%s/materials/%d", href, mt.ID), Name: mt.Name, Version: mt.Version,
			Type: fileType(mt.Name, mt.ContentType), Size: l.fileSize(mt.Size), Item: items[mt.ItemID], UploadedBy: n.of(mt.UploadedBy),
			UploadedAt: l.stampTime(mt.UploadedAt), Late: mt.Late, Superseded: mt.Version < newest[mt.Name]})
	}
	slices.SortStableFunc(out, func(a, b mtgMaterial) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return b.Version - a.Version
	})
	return out, late
}

// fileType names a file's type by its extension, or its content type.
func fileType(name, ctype string) string {
	if ext := strings.TrimPrefix(filepath.Ext(name), "."); ext != "" && len(ext) <= 5 {
		return strings.ToUpper(ext)
	}
	return ctype
}

// fileSize is a size in kB or MB, the language's way.
func (l *lens) fileSize(n int64) string {
	switch {
	case n < 1000:
		return l.t("meetings.size.bytes", "Size", i18n.Number(l.lang, n))
	case n < 1000*1000:
		return l.t("meetings.size.kb", "Size", i18n.Number(l.lang, (n+500)/1000))
	}
	return l.t("meetings.size.mb", "Size", i18n.Number(l.lang, float64((n+50000)/100000)/10))
}

// mtgAttendance is the recorded attendance.
func (l *lens) mtgAttendance(att []gov.Attendee) []mtgAttendee {
	var out []mtgAttendee
	for i, at := range att {
		name := at.Name
		if p := l.a.Person(at.Person); p != nil {
			name = l.personOnly(p)
		}
		out = append(out, mtgAttendee{Index: i, Person: at.Person, Name: name, Org: l.partyName(at.Party),
			Role: at.Role, RoleText: l.t("meetings.role." + at.Role), Present: at.Present})
	}
	return out
}

// personOnly is a person's name, without the organisation a table shows
// beside it, or a placeholder for a person the viewer may not see.
func (l *lens) personOnly(p *gov.Person) string {
	if !l.seesPerson(p) {
		return l.t("pages.forum.hiddenperson")
	}
	return p.Name
}

func (l *lens) partyName(slug string) string {
	if p := l.a.Party(slug); p != nil {
		return p.Name
	}
	return slug
}

// attendanceForm prefills the attendance form: what was recorded, else
// the forum's seats on the meeting's date; extra lists the forum's
// parties' other people, to add someone without a seat.
func (l *lens) attendanceForm(v *mtg) (rows []mtgAttendee, extra []mtgOption) {
	listed := map[string]bool{}
	if len(v.att) > 0 {
		rows = l.mtgAttendance(v.att)
		for _, at := range v.att {
			listed[at.Person] = true
		}
	} else {
		for _, ms := range l.a.Memberships {
			p := l.a.Person(ms.Person)
			if ms.Forum != v.f.Slug || !ms.ActiveOn(v.m.LocalDate) || p == nil || listed[p.Slug] {
				continue
			}
			listed[p.Slug] = true
			role := map[gov.SeatRole]string{gov.RoleChair: "chair", gov.RoleSecretary: "secretary", gov.RoleExpert: "expert"}[ms.Role]
			if role == "" {
				role = "member"
			}
			// The answers decide who is expected (issue 19): an absent
			// holder unticked, their deputy listed and ticked.
			present := true
			for _, an := range v.answers {
				if an.Person == p.Slug && an.Answer != meeting.AnswerAttend {
					present = false
				}
			}
			rows = append(rows, mtgAttendee{Person: p.Slug, Name: l.personOnly(p), Org: l.partyName(p.Party), Role: role,
				RoleText: l.t("meetings.role." + role), Present: present})
		}
		for _, an := range v.answers {
			if p := l.a.Person(an.Deputy); p != nil && !listed[p.Slug] {
				listed[p.Slug] = true
				rows = append(rows, mtgAttendee{Person: p.Slug, Name: l.personOnly(p), Org: l.partyName(p.Party), Role: "member",
					RoleText: l.t("meetings.role.member"), Present: true})
			}
		}
		i18n.Sort(l.lang, rows, func(a mtgAttendee) string { return a.Name })
	}
	for i := range rows {
		rows[i].Index = i
	}
	for _, p := range l.forumPeople(v.f) {
		if !listed[p.Slug] {
			extra = append(extra, mtgOption{p.Slug, l.personName(p)})
		}
	}
	return rows, extra
}

// forumPeople are the visible people of a forum's parties, by name.
func (l *lens) forumPeople(f *gov.Forum) []*gov.Person {
	parties := map[string]bool{}
	for _, p := range l.forumParties(f) {
		parties[p.Slug] = true
	}
	var out []*gov.Person
	for i := range l.a.People {
		if p := &l.a.People[i]; parties[p.Party] && l.seesPerson(p) {
			out = append(out, p)
		}
	}
	i18n.Sort(l.lang, out, func(p *gov.Person) string { return p.Name })
	return out
}

// owners are the people an action item may be given to.
func (l *lens) owners(f *gov.Forum) []mtgOption {
	var out []mtgOption
	for _, p := range l.forumPeople(f) {
		out = append(out, mtgOption{p.Slug, l.personName(p)})
	}
	return out
}

// mtgMinutes picks the version to show (a writer sees drafts too) and
// lists the versions' history.
func (l *lens) mtgMinutes(v *mtg, drafts bool, n *names) (*mtgShownMinutes, []mtgVersion) {
	var shown *gov.Minutes
	var hist []mtgVersion
	for i := range v.versions {
		mn := &v.versions[i]
		if mn.Status == gov.MinutesDraft && !drafts {
			continue
		}
		shown = mn
		h := mtgVersion{Version: mn.Version, Status: mn.Status, StatusText: l.t("meetings.minutes.status." + string(mn.Status)),
			WrittenBy: n.of(mn.WrittenBy), WrittenAt: l.stampTime(mn.WrittenAt), ApprovedBy: n.of(mn.ApprovedBy), ReturnComment: mn.ReturnComment}
		if mn.SubmittedAt != nil {
			h.SubmittedAt = l.stampTime(*mn.SubmittedAt)
		}
		if mn.ApprovedAt != nil {
			h.ApprovedAt = l.stampTime(*mn.ApprovedAt)
		}
		hist = append(hist, h)
	}
	if shown == nil {
		return nil, hist
	}
	out := &mtgShownMinutes{Version: shown.Version, StatusText: l.t("meetings.minutes.status." + string(shown.Status)),
		Final: shown.Status == gov.MinutesFinal, Body: markdownHTML(shown.Body, 4)}
	if out.Final {
		out.Record = l.approvalRecord(shown, n)
	}
	return out, hist
}

// approvalRecord says who approved the minutes, when, and which version.
func (l *lens) approvalRecord(mn *gov.Minutes, n *names) string {
	at := ""
	if mn.ApprovedAt != nil {
		at = l.stampTime(*mn.ApprovedAt)
	}
	return l.t("meetings.minutes.record", "By", n.of(mn.ApprovedBy), "At", at, "Version", mn.Version)
}

// draftText is what the minutes editor starts with: the draft, or the
// returned version to revise, or headings from the agenda.
func (v *mtg) draftText(l *lens) string {
	if cur := v.latest(); cur != nil {
		return cur.Body
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", l.t("meetings.minutes.heading", "Forum", v.f.Name, "Date", i18n.Date(l.lang, v.m.Start.In(l.loc()))))
	n := 0
	for _, it := range v.items {
		if it.Status == gov.ItemAccepted {
			n++
			fmt.Fprintf(&b, "## %d. %s\n\n\n", n, it.Title)
		}
	}
	return b.String()
}

// mtgAction is an action item for a list.
func (l *lens) mtgAction(ai gov.ActionItem, x meeting.Actor, record bool, n *names) mtgAction {
	row := mtgAction{ID: ai.ID, Title: ai.Title, Owner: l.personLabel(ai.Owner, ai.OwnerName), Due: l.dateText(ai.Due), DueValue: ai.Due,
		Status: l.t("meetings.action." + string(ai.Status)), StatusID: ai.Status, Forum: ai.Forum, ForumHref: l.forumURL(ai.Forum)}
	if f := l.a.Forum(ai.Forum); f != nil {
		row.Forum = f.Name
	}
	if ai.MeetingID != 0 {
		row.Href = fmt.Sprintf("/a/%s/meetings/%d", l.a.Slug, ai.MeetingID)
	}
	if d, ok := mtgDate(ai.Due); ok && ai.Status == gov.ActionOpen {
		if d.Before(l.today) {
			row.DueClass = "overdue"
		} else if _, soon := l.countdown(d); soon {
			row.DueClass = "soon"
		}
	}
	owner := x.Person != nil && ai.OwnerEmail != "" && strings.EqualFold(x.Person.Email, ai.OwnerEmail)
	row.CanChange = owner || record
	return row
}
