package report

import (
	"fmt"
	"html/template"
	"strings"
)

// Chart is a 12-month trend chart: an SVG with its text alternative.
type Chart struct {
	SVG template.HTML
	Alt string
}

// TrendChart draws SLA attainment per month before and after exclusions
// as bars on a 0–100 % axis (the y axis starts at 0, so small dips are
// not magnified), with the same figures as text for screen readers and
// the PDF.
func TrendChart(l Labels, trend []SLAMonth) Chart {
	const w, h, left, bottom, top = 640, 240, 40, 30, 10
	plotH := float64(h - bottom - top)
	bw := float64(w-left-10) / float64(max(len(trend), 1))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="sla-chart-title" class="chart">`, w, h)
	fmt.Fprintf(&b, `<title id="sla-chart-title">%s</title>`, template.HTMLEscapeString(l.T("chart.title")))
	for _, v := range []int{0, 50, 90, 100} {
		y := float64(top) + plotH*(1-float64(v)/100)
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" class="grid"/><text x="%d" y="%.1f" class="axis" text-anchor="end">%d</text>`,
			left, w-10, y, y, left-4, y+4, v)
	}
	var alt []string
	for i, m := range trend {
		x := float64(left) + float64(i)*bw
		label := m.Month[5:] + "/" + m.Month[2:4]
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="axis" text-anchor="middle">%s</text>`, x+bw/2, h-10, label)
		bar := func(v *float64, dx float64, class string) {
			if v == nil {
				return
			}
			bh := plotH * *v / 100
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" class="%s"/>`, x+dx, float64(top)+plotH-bh, bw*0.38, bh, class)
		}
		bar(m.Attainment, bw*0.1, "bar-before")
		bar(m.AttainmentAfter, bw*0.5, "bar-after")
		alt = append(alt, fmt.Sprintf("%s %s / %s", l.MonthName(m.Month), l.Pct(m.Attainment), l.Pct(m.AttainmentAfter)))
	}
	b.WriteString(`</svg>`)
	return Chart{SVG: template.HTML(b.String()), Alt: l.T("chart.alt", "List", strings.Join(alt, "; "))}
}
