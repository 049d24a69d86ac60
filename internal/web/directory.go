package web

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/csvsafe"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/ical"
)

// dirPerson is a directory entry as the viewer may see it.
type dirPerson struct {
	Slug, Name, Email, Phone string
	// EmailUser and EmailHost are the e-mail split at the @, so a narrow
	// column can break the address there.
	EmailUser, EmailHost string
	// Tel is the phone as a tel: link, empty when it is not a plain number.
	Tel              template.URL
	Party, PartyName string
	Titles           []string
	// Deputy is the name of the stand-in, when the viewer may see them.
	Deputy string
	// Seats are the active seats in forums the viewer may see; seats in
	// other forums are left out, so a bilateral forum does not leak.
	Seats []dirSeat
}

type dirSeat struct{ Href, Forum, Role, RoleSlug string }

// dirPhoneChars is what a phone number written for people may contain.
var dirPhoneChars = regexp.MustCompile(`^\+?[0-9][0-9 ()\-]*$`)

func (l *lens) dirPerson(p *gov.Person) dirPerson {
	row := dirPerson{Slug: p.Slug, Name: p.Name, Email: p.Email, Phone: p.Phone, Party: p.Party, Titles: p.Titles}
	if pt := l.a.Party(p.Party); pt != nil {
		row.PartyName = pt.Name
	}
	if user, host, ok := strings.Cut(p.Email, "@"); ok {
		row.EmailUser, row.EmailHost = user, host
	}
	if dirPhoneChars.MatchString(p.Phone) {
		row.Tel = template.URL("tel:" + dirTelURI(p.Phone))
	}
	if dp := l.a.Person(p.Deputy); dp != nil && l.seesPerson(dp) {
		row.Deputy = dp.Name
	}
	for _, m := range l.a.Memberships {
		if m.Person != p.Slug || !l.activeOn(m) {
			continue
		}
		if f := l.visibleForum(m.Forum); f != nil {
			row.Seats = append(row.Seats, dirSeat{Href: l.forumURL(f.Slug), Forum: f.Name, Role: l.seatRole(m.Role), RoleSlug: string(m.Role)})
		}
	}
	return row
}

// dirTelURI writes a phone number for a tel: URI (RFC 3966): digits and
// the plus sign, with hyphens where people put spaces, and without the
// "(0)" trunk prefix that international numbers sometimes show.
func dirTelURI(phone string) string {
	p := strings.ReplaceAll(strings.TrimSpace(phone), "(0)", "")
	p = strings.NewReplacer("(", "", ")", "").Replace(p)
	return strings.Join(strings.Fields(p), "-")
}

// dirFilter is the directory's search form.
type dirFilter struct{ Q, Party, Title, Seat string }

// maxQuery bounds the search text; nobody's name is longer.
const maxQuery = 100

// dirFilterFrom reads the filter from the query string. A party or seat
// role that does not exist is ignored (it can only come from an edited
// URL); an overlong search is refused.
func (l *lens) dirFilterFrom(q url.Values) (dirFilter, bool) {
	f := dirFilter{Q: strings.TrimSpace(q.Get("q")), Party: q.Get("party"), Title: strings.TrimSpace(q.Get("title")), Seat: q.Get("seat")}
	if l.a.Party(f.Party) == nil {
		f.Party = ""
	}
	if !slices.Contains(gov.SeatRoles, gov.SeatRole(f.Seat)) {
		f.Seat = ""
	}
	if utf8.RuneCountInString(f.Title) > 200 {
		f.Title = ""
	}
	if utf8.RuneCountInString(f.Q) > maxQuery {
		return f, false
	}
	return f, true
}

// query is the filter as a query string ("" when empty), for links to
// the exports with the same filter.
func (f dirFilter) query() string {
	v := url.Values{}
	for k, s := range map[string]string{"q": f.Q, "party": f.Party, "title": f.Title, "seat": f.Seat} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// searchFold makes text comparable ignoring case and accents, so "vaisanen"
// finds Väisänen and "sundstrom" finds Sundström.
func searchFold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

func phoneDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// matches reports whether the search text q occurs in the person's name,
// e-mail, phone or titles; a number is compared digit by digit, so
// "0403000001" finds "+358 40 300 0001" no matter how it is spaced.
func (p *dirPerson) matches(q string) bool {
	fq := searchFold(q)
	for _, s := range append([]string{p.Name, p.Email, p.Phone}, p.Titles...) {
		if strings.Contains(searchFold(s), fq) {
			return true
		}
	}
	dq := phoneDigits(q)
	return len(dq) >= 3 && len(dq)*2 >= len(strings.TrimSpace(q)) && strings.Contains(phoneDigits(p.Phone), dq)
}

// directory lists the people the viewer may see that pass the filter,
// in the language's alphabetical order.
func (l *lens) directory(f dirFilter) []dirPerson {
	var rows []dirPerson
	for i := range l.a.People {
		p := &l.a.People[i]
		if !l.seesPerson(p) || (f.Party != "" && p.Party != f.Party) {
			continue
		}
		if f.Title != "" && !slices.ContainsFunc(p.Titles, func(t string) bool { return strings.EqualFold(t, f.Title) }) {
			continue
		}
		row := l.dirPerson(p)
		if f.Seat != "" && !slices.ContainsFunc(row.Seats, func(c dirSeat) bool { return c.RoleSlug == f.Seat }) {
			continue
		}
		if f.Q != "" && !row.matches(f.Q) {
			continue
		}
		rows = append(rows, row)
	}
	i18n.Sort(l.lang, rows, func(p dirPerson) string { return surnameFirst(p.Name) })
	return rows
}

// surnameFirst is the key a contact directory sorts by: the family name,
// then the given names ("Virtanen Matti"), as Finnish and Swedish
// directories do. The model holds one name field, so the last word is
// taken as the family name.
func surnameFirst(name string) string {
	f := strings.Fields(name)
	if len(f) < 2 {
		return name
	}
	return f[len(f)-1] + " " + strings.Join(f[:len(f)-1], " ")
}

// dirOption is an entry of a select.
type dirOption struct{ Value, Label string }

type directoryData struct {
	Filter dirFilter
	Rows   []dirPerson
	// Parties, Titles and Seats fill the filter's selects. Titles come from
	// the people the viewer may see only.
	Parties, Titles, Seats []dirOption
	CanExport              bool
	Query                  string
	MaxQuery               int
	// Invited are the pending invitations (issue 15), and CanInvite
	// whether the viewer may invite anyone.
	Invited   []inviteRow
	CanInvite bool
}

func (s *Server) directory(w http.ResponseWriter, r *Req) {
	a := r.Agreement
	l, err := s.lensFor(r, a)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f, ok := l.dirFilterFrom(r.URL.Query())
	d := directoryData{Filter: f, CanExport: auth.Allowed(r.Role, auth.ExportDirectory), Query: f.query(), MaxQuery: maxQuery}
	d.Invited, d.CanInvite = s.pendingInvitations(r) // issue 15
	var errs []FieldError
	if ok {
		d.Rows = l.directory(f)
	} else {
		errs = append(errs, FieldError{Field: "dir-q", Msg: l.t("form.toolong", "Field", l.t("pages.dir.q"), "Max", maxQuery)})
		d.Query = ""
	}
	ps := make([]*gov.Party, len(a.Parties))
	for i := range a.Parties {
		ps[i] = &a.Parties[i]
	}
	l.sortParties(ps)
	for _, p := range ps {
		d.Parties = append(d.Parties, dirOption{p.Slug, p.Name})
	}
	var titles []string
	for i := range a.People {
		if l.seesPerson(&a.People[i]) {
			for _, t := range a.People[i].Titles {
				if !slices.ContainsFunc(titles, func(o string) bool { return strings.EqualFold(o, t) }) {
					titles = append(titles, t)
				}
			}
		}
	}
	l.sortNames(titles)
	for _, t := range titles {
		d.Titles = append(d.Titles, dirOption{t, t})
	}
	for _, sr := range gov.SeatRoles {
		d.Seats = append(d.Seats, dirOption{string(sr), l.seatRole(sr)})
	}
	p := s.page(r, s.cat.T(r.Lang, "agreement.directory"), d)
	p.Section, p.Errors = "directory", errs
	p.Crumbs = []Crumb{{Label: a.Name, Href: "/a/" + a.Slug}, {Label: p.Title}}
	status := http.StatusOK
	if !ok {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "directory", p)
}

// exportRows is the filtered directory for an export, or false after
// answering a bad filter.
func (s *Server) exportRows(w http.ResponseWriter, r *Req) (*lens, []dirPerson, bool) {
	l, err := s.lensFor(r, r.Agreement)
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, false
	}
	f, ok := l.dirFilterFrom(r.URL.Query())
	if !ok {
		s.renderError(w, r, http.StatusUnprocessableEntity, "form.toolong", "Field", l.t("pages.dir.q"), "Max", maxQuery)
		return nil, nil, false
	}
	return l, l.directory(f), true
}

func dirSeatsText(cs []dirSeat) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Forum + " (" + c.Role + ")"
	}
	return strings.Join(parts, "; ")
}

// directoryCSV exports the filtered directory as CSV.
//
// The separator is a comma, as RFC 4180 and every other CSV reader
// expect. A Finnish or Swedish Excel opened by double-click would rather
// have semicolons (the comma is the decimal separator there), but the file
// is as much for other systems as for Excel, and Excel's own import (Data
// > From Text/CSV) reads commas in any locale. The UTF-8 byte order mark
// makes Excel read å, ä and ö right instead of guessing a legacy code page.
func (s *Server) directoryCSV(w http.ResponseWriter, r *Req) {
	l, rows, ok := s.exportRows(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	cw := csvsafe.NewWriter(&buf)
	cw.Write([]string{l.t("pages.dir.name"), l.t("pages.dir.organisation"), l.t("pages.dir.titles"), l.t("pages.dir.email"),
		l.t("pages.dir.phone"), l.t("pages.dir.deputy"), l.t("pages.dir.seats")})
	for _, p := range rows {
		cw.Write([]string{csvsafe.Cell(p.Name), csvsafe.Cell(p.PartyName), csvsafe.Cell(strings.Join(p.Titles, "; ")), csvsafe.Cell(p.Email),
			csvsafe.Cell(p.Phone), csvsafe.Cell(p.Deputy), csvsafe.Cell(dirSeatsText(p.Seats))})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.serverError(w, r, err)
		return
	}
	attachFile(w, "text/csv; charset=utf-8", r.Agreement.Slug+"-directory.csv", buf.Bytes())
}

// directoryVCard exports the filtered directory as vCard 4.0 (RFC 6350):
// one card per person, CRLF line ends and lines folded at 75 octets (the
// same content-line rules as iCalendar, so internal/ical writes them).
func (s *Server) directoryVCard(w http.ResponseWriter, r *Req) {
	l, rows, ok := s.exportRows(w, r)
	if !ok {
		return
	}
	var c ical.Writer
	for _, p := range rows {
		c.Line("BEGIN", "VCARD")
		c.Line("VERSION", "4.0")
		c.Line("PRODID", "-//steerco//contact directory//EN")
		// A stable UID lets an address book update a card on re-import.
		c.Line("UID", "urn:uuid:"+uuid.NewSHA1(uuid.NameSpaceURL, []byte("steerco:"+l.a.Slug+":"+p.Slug)).String())
		c.Text("FN", p.Name)
		family, given := vcardName(p.Name)
		c.Line("N", ical.EscapeText(family)+";"+ical.EscapeText(given)+";;;")
		if p.PartyName != "" {
			c.Text("ORG", p.PartyName)
		}
		for _, t := range p.Titles {
			c.Text("TITLE", t)
		}
		if p.Email != "" {
			c.Text("EMAIL;TYPE=work", p.Email)
		}
		switch {
		case p.Tel != "" && strings.HasPrefix(p.Phone, "+"):
			// Only a global number is a valid tel: URI without a phone-context.
			c.Line("TEL;VALUE=uri;TYPE=work,voice", string(p.Tel))
		case p.Phone != "":
			c.Text("TEL;TYPE=work,voice", p.Phone)
		}
		c.Line("END", "VCARD")
	}
	attachFile(w, "text/vcard; charset=utf-8", r.Agreement.Slug+"-directory.vcf", []byte(c.String()))
}

// vcardName takes the last word of a name as the family name, which holds
// for Finnish and Swedish names as the directory writes them ("Kari
// Väisänen"); a one-word name is a family name alone.
func vcardName(name string) (family, given string) {
	words := strings.Fields(name)
	if len(words) == 0 {
		return "", ""
	}
	return words[len(words)-1], strings.Join(words[:len(words)-1], " ")
}

// attachFile sends a file to save rather than to show.
func attachFile(w http.ResponseWriter, contentType, filename string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(body)
}
