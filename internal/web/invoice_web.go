package web

import (
	"net/http"
	"time"

	"github.com/steerco/steerco/internal/invoice"
	"github.com/steerco/steerco/internal/timesheet"
)

type invLine struct {
	Order, OrderHref, Kind, Description, Hours, Rate, Unit, Amount string
}

type invData struct {
	Supplier, SupplierName, Month, MonthName string
	Suppliers, Months                        []mtgOption
	Lines                                    []invLine
	Total, Normal, Difference, Currency      string
	Deviation                                bool
	DeviationPercent                         string
	Unapproved                               int
	UnapprovedHours                          string
	ApproveBy, InvoiceBy, IssuedAt, IssuedBy string
	Issued, CanIssue, Late                   bool
	Export                                   string
}

// invoiceBasis shows a supplier's month as issued, or as it would be
// issued now, with the issue form for the supplier and the exports.
func (s *Server) invoiceBasis(w http.ResponseWriter, r *Req) {
	s.showInvoice(w, r, http.StatusOK, nil)
}

func (s *Server) showInvoice(w http.ResponseWriter, r *Req, status int, errs []FieldError) {
	a := r.Agreement
	x := s.actor(r)
	l := r.Lang
	supplier, month, suppliers := s.timesheetFilter(r)
	if supplier == "" {
		s.noSupplier(w, r, "invoice.title", "invoice")
		return
	}
	if r.URL.Query().Get("month") == "" {
		// The basis most likely wanted is last month's.
		month = timesheet.Today(a, s.cfg.Now()).Time(s.zone(a)).AddDate(0, -1, 0).Format("2006-01")
	}
	b, err := s.invoiceSvc().Get(r.Context(), a, x, supplier, month)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &invData{Supplier: supplier, SupplierName: partyName(a, supplier), Month: month, Suppliers: suppliers, Currency: a.Currency,
		Total: money(l, b.TotalCents), Normal: money(l, b.NormalCents), Difference: money(l, b.TotalCents-b.NormalCents),
		Deviation: b.Deviation, DeviationPercent: daysText(l, b.DeviationPercent), Unapproved: b.Unapproved,
		UnapprovedHours: hoursText(l, b.UnapprovedMinutes), ApproveBy: l10nDate(l, b.Deadlines.ApproveBy),
		InvoiceBy: l10nDate(l, b.Deadlines.InvoiceBy), Issued: b.Issued != nil}
	if t, err := time.Parse("2006-01", month); err == nil {
		d.MonthName = s.cat.Month(l, t.Month()) + " " + t.Format("2006")
	}
	today := timesheet.Today(a, s.cfg.Now())
	for i := 1; i < 14; i++ {
		t := today.Time(s.zone(a)).AddDate(0, -i, 0)
		d.Months = append(d.Months, mtgOption{t.Format("2006-01"), s.cat.Month(l, t.Month()) + " " + t.Format("2006")})
	}
	if b.Issued != nil {
		d.IssuedAt = meetWhen(s.cat, l, b.Issued.IssuedAt.In(s.zone(a)))
		d.IssuedBy = s.actorName(r, a, b.Issued.IssuedBy)
	} else {
		d.CanIssue = invoice.MayIssue(x, supplier)
		d.Late = today.After(b.Deadlines.InvoiceBy)
	}
	for _, ln := range b.Lines {
		il := invLine{Order: ln.Order, Kind: s.cat.T(l, "invoice.kind."+ln.Kind), Description: ln.Description, Amount: money(l, ln.AmountCents)}
		if ln.Order == "" {
			il.Order = s.cat.T(l, "invoice.continuous")
		}
		if ln.Kind == invoice.LineHours {
			il.Hours, il.Rate, il.Unit = hoursText(l, ln.Minutes), s.rateName(a, ln.Rate), money(l, ln.UnitCents)
		}
		d.Lines = append(d.Lines, il)
	}
	d.Export = "/a/" + a.Slug + "/invoice/export?supplier=" + supplier + "&month=" + month
	p := s.page(r, s.cat.T(l, "invoice.title"), d)
	p.Section, p.Errors = "invoice", errs
	p.Crumbs = []Crumb{{a.Name, "/a/" + a.Slug}}
	s.render(w, r, status, "invoice", p)
}

// issueInvoice issues the basis of the supplier's month.
func (s *Server) issueInvoice(w http.ResponseWriter, r *Req) {
	q := r.URL.Query()
	if q.Get("supplier") == "" || q.Get("month") == "" {
		// The form names both; without them there is nothing to issue.
		s.renderError(w, r, http.StatusBadRequest, "invoice.err.supplier")
		return
	}
	supplier, month, _ := s.timesheetFilter(r)
	// timesheetFilter falls back to a default supplier and month for the
	// pages that show one; issuing must act on exactly what the form named.
	if supplier != q.Get("supplier") || month != q.Get("month") {
		s.renderError(w, r, http.StatusBadRequest, "invoice.err.request")
		return
	}
	if _, err := s.invoiceSvc().Issue(r.Context(), r.Agreement, s.actor(r), supplier, month); err != nil {
		s.formFail(w, r, err, func(errs []FieldError) { s.showInvoice(w, r, http.StatusConflict, errs) })
		return
	}
	s.flash(r, "invoice.flash.issued")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/invoice?supplier="+supplier+"&month="+month, http.StatusSeeOther)
}

// exportInvoice downloads the basis as CSV or XLSX (format=xlsx).
func (s *Server) exportInvoice(w http.ResponseWriter, r *Req) {
	a := r.Agreement
	supplier, month, _ := s.timesheetFilter(r)
	if supplier == "" {
		s.noSupplier(w, r, "invoice.title", "invoice")
		return
	}
	b, err := s.invoiceSvc().Get(r.Context(), a, s.actor(r), supplier, month)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := "invoice-basis-" + a.Slug + "-" + supplier + "-" + month
	if r.URL.Query().Get("format") == "xlsx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		if err := invoice.WriteXLSX(w, a, b); err != nil {
			s.log.Error("invoice xlsx", "err", err)
		}
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	if err := invoice.WriteCSV(w, a, b); err != nil {
		s.log.Error("invoice csv", "err", err)
	}
}
