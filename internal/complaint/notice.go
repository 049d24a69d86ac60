package complaint

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/store"
)

// catalog is loaded once for the notices: the service is built per
// request by the web UI and the API, and the messages are embedded, so
// they cannot differ between loads.
var catalog = sync.OnceValues(i18n.Load)

// Recipient is someone a complaint notice goes to.
type Recipient struct {
	Name, Email string
}

// SupplierContacts are the supplier's representatives for a complaint:
// the supplier's people seated in the complaint's handling forum (the
// relationship's handled_in, gov.Agreement.ComplaintForum) on the day it was received. Seats are what the
// model states about who answers for a party in a forum, with dates; a
// person's titles are free text ("Business Account Manager",
// "avtalsansvarig") with no rule saying which title is the complaint
// contact, so they cannot pick anyone reliably. When the forum seats
// none of the supplier's people (the model names one handling forum, and
// a complaint may be against another supplier) every person of the
// supplier with an e-mail address is told instead: a complaint must reach
// the supplier in writing. Sorted by e-mail, each address once.
func SupplierContacts(a *gov.Agreement, c *store.Complaint) []Recipient {
	seated := map[string]bool{}
	if f := a.ComplaintForum(c.FiledParty, c.Supplier); f != nil {
		for _, ms := range a.Memberships {
			if ms.Forum == f.Slug && ms.ActiveOn(c.ReceivedOn) {
				seated[ms.Person] = true
			}
		}
	}
	pick := func(all bool) []Recipient {
		var out []Recipient
		for _, p := range a.People {
			if p.Party == c.Supplier && p.Email != "" && (all || seated[p.Slug]) {
				out = append(out, Recipient{Name: p.Name, Email: p.Email})
			}
		}
		return out
	}
	out := pick(false)
	if len(out) == 0 {
		out = pick(true)
	}
	return unique(out)
}

// unique sorts recipients by e-mail and drops repeated addresses.
func unique(rs []Recipient) []Recipient {
	sort.Slice(rs, func(i, j int) bool { return strings.ToLower(rs[i].Email) < strings.ToLower(rs[j].Email) })
	var out []Recipient
	for _, r := range rs {
		if len(out) == 0 || !strings.EqualFold(out[len(out)-1].Email, r.Email) {
			out = append(out, r)
		}
	}
	return out
}

// filer is the person who filed: the model's person when the user is
// one, else the login's address.
func filer(x Actor) (Recipient, bool) {
	if x.Person != nil && x.Person.Email != "" {
		return Recipient{Name: x.Person.Name, Email: x.Person.Email}, true
	}
	if x.P.Email != "" {
		return Recipient{Email: x.P.Email}, true
	}
	return Recipient{}, false
}

// mailArgs are the fields of every complaint message, dates the
// agreement language's way.
func mailArgs(a *gov.Agreement, c *store.Complaint) []any {
	date := func(s string) string {
		d, err := calendar.ParseDate(s)
		if err != nil {
			return s
		}
		return i18n.Date(a.Language, d.Time(time.UTC))
	}
	supplier := c.Supplier
	if p := a.Party(c.Supplier); p != nil {
		supplier = p.Name
	}
	return []any{"ID", c.ID, "Title", c.Title, "Supplier", supplier, "Received", date(c.ReceivedOn),
		"AckDue", date(c.AckDue), "RespondDue", date(c.RespondDue)}
}

// enqueue queues one message of kind about c to each recipient; the
// dedupe key (kind, complaint, address) makes each exist once. It returns
// how many were added.
func (s *Service) enqueue(ctx context.Context, tx *store.Tx, a *gov.Agreement, c *store.Complaint, kind string, to []Recipient) (int, error) {
	cat, err := catalog()
	if err != nil {
		return 0, err
	}
	args := mailArgs(a, c)
	subject := cat.T(a.Language, "complaintmail."+kind+".subject", args...)
	body := cat.T(a.Language, "complaintmail."+kind+".body", args...)
	added := 0
	for _, r := range to {
		ok, err := tx.Enqueue(ctx, &store.Message{AgreementID: c.AgreementID, Kind: "complaint-" + kind,
			DedupeKey: "complaint-" + kind + ":" + strconv.FormatInt(c.ID, 10) + ":" + strings.ToLower(r.Email),
			Recipient: r.Email, Subject: subject, Body: body, CreatedAt: s.now()})
		if err != nil {
			return added, err
		}
		if ok {
			added++
		}
	}
	return added, nil
}

// notifyFiled tells the supplier's representatives and the filer that a
// complaint was filed, with its two due dates.
func (s *Service) notifyFiled(ctx context.Context, tx *store.Tx, a *gov.Agreement, x Actor, c *store.Complaint) (int, error) {
	to := SupplierContacts(a, c)
	if f, ok := filer(x); ok {
		to = unique(append(to, f))
	}
	return s.enqueue(ctx, tx, a, c, "filed", to)
}
