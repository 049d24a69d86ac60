// Package diagram draws a governance model as SVG: levels as horizontal
// bands from the highest at the top, forums as boxes in their level's band
// (in columns by area), and arrows from each forum to the forum it
// escalates to. The layout is a fixed grid computed by hand, so the same
// model always gives the same picture and no script is needed.
//
// The package knows nothing of agreements or languages: the caller gives
// it the levels, boxes and arrows it may show, with their labels already
// translated.
package diagram

// Level is a band of the diagram.
type Level struct {
	ID   string
	Name string
}

// Box is a forum.
type Box struct {
	ID   string
	Name string
	// Sub is a second, smaller line (the cadence).
	Sub   string
	Level string // a Level's ID
	Area  string // boxes of one area share a column; "" is an area too
	// Href makes the box a link in the inline form.
	Href string
	// Inactive boxes are drawn dashed.
	Inactive bool
}

// Arrow is an escalation from one box to another (by ID).
type Arrow struct{ From, To string }

// Diagram is what to draw. Title and Desc name and describe the picture
// for assistive technology (and the file's <title> and <desc>).
type Diagram struct {
	Title  string
	Desc   string
	Levels []Level
	Boxes  []Box
	Arrows []Arrow
}

// Geometry in SVG user units (px at 100 %).
const (
	margin    = 16.0
	gutter    = 168.0 // the level names' column
	boxW      = 196.0
	boxH      = 86.0
	gapX      = 48.0 // between boxes: the arrows' vertical lanes
	padY      = 28.0 // above and below the boxes of a band: the arrows' turns
	bandH     = padY + boxH + padY
	headerH   = 46.0
	pad       = 9.0 // inside a box
	nameSize  = 13.0
	nameLine  = 16.0
	subSize   = 11.5
	labelSize = 13.0
)

// Colours, chosen for contrast on white and on the band tint: text at
// least 4.5:1, lines and box borders at least 3:1.
const (
	ink      = "#1b1f24"
	muted    = "#4a5562"
	accent   = "#0b5cad"
	bandTint = "#eef1f4"
	rule     = "#c9d1d9"
	fontList = `system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif`
)

// placed is a box with its position.
type placed struct {
	Box
	x, y float64 // top left
	slot int     // global column slot
	rank int     // level index
}

// Layout is a computed diagram, ready to write.
type Layout struct {
	d       *Diagram
	W, H    float64
	top     float64 // y of the first band
	boxes   []placed
	byID    map[string]*placed
	areas   []areaColumn
	paths   []string // arrow path data
	levelOf map[string]int
}

type areaColumn struct {
	name        string
	first, last int // slots
}

// slotX is the left edge of a box in slot i.
func slotX(i int) float64 { return margin + gutter + gapX/2 + float64(i)*(boxW+gapX) }

// bandY is the top of band r.
func (l *Layout) bandY(r int) float64 { return l.top + float64(r)*bandH }

// New lays d out. Boxes on unknown levels and arrows between unknown
// boxes are left out.
func New(d *Diagram) *Layout {
	l := &Layout{d: d, byID: map[string]*placed{}, levelOf: map[string]int{}}
	for i, lv := range d.Levels {
		l.levelOf[lv.ID] = i
	}
	// Areas in order of first appearance; each gets as many slots as it
	// has boxes on its fullest level.
	var order []string
	perLevel := map[string][]int{} // area -> boxes on each level
	for _, b := range d.Boxes {
		r, ok := l.levelOf[b.Level]
		if !ok {
			continue
		}
		if _, seen := perLevel[b.Area]; !seen {
			order = append(order, b.Area)
			perLevel[b.Area] = make([]int, len(d.Levels))
		}
		perLevel[b.Area][r]++
	}
	start := map[string]int{}
	slots := 0
	for _, a := range order {
		n := 1
		for _, c := range perLevel[a] {
			n = max(n, c)
		}
		start[a] = slots
		l.areas = append(l.areas, areaColumn{name: a, first: slots, last: slots + n - 1})
		slots += n
	}
	l.top = margin
	if len(order) > 1 || (len(order) == 1 && order[0] != "") {
		l.top += headerH
	}
	l.W = slotX(max(slots, 1)) - gapX/2 + margin
	l.H = l.bandY(len(d.Levels)) + margin
	used := map[string][]int{}
	for _, b := range d.Boxes {
		r, ok := l.levelOf[b.Level]
		if !ok {
			continue
		}
		if used[b.Area] == nil {
			used[b.Area] = make([]int, len(d.Levels))
		}
		slot := start[b.Area] + used[b.Area][r]
		used[b.Area][r]++
		l.boxes = append(l.boxes, placed{Box: b, x: slotX(slot), y: l.bandY(r) + padY, slot: slot, rank: r})
	}
	for i := range l.boxes {
		l.byID[l.boxes[i].ID] = &l.boxes[i]
	}
	l.route()
	return l
}

// route draws each arrow from the top of its forum to the bottom of the
// forum above. Between adjacent bands a straight line crosses no box;
// one that skips bands turns into the lane left of its forum's column,
// where no box ever stands, and back out below its target.
func (l *Layout) route() {
	lane := map[int]int{} // arrows already in each lane
	for _, a := range l.d.Arrows {
		from, to := l.byID[a.From], l.byID[a.To]
		if from == nil || to == nil || from == to {
			continue
		}
		sx, sy := from.x+boxW/2, from.y
		tx, ty := to.x+boxW/2, to.y+boxH
		if from.rank-to.rank == 1 || (from.slot == to.slot && !l.blocked(from, to)) {
			l.paths = append(l.paths, pathData(pt{sx, sy}, pt{tx, ty}))
			continue
		}
		n := lane[from.slot]
		lane[from.slot]++
		// Alternate sides of the lane's middle so parallel arrows stay apart.
		offset := float64((n+1)/2) * 7
		if n%2 == 1 {
			offset = -offset
		}
		lx := from.x - gapX/2 + offset
		up, down := sy-padY/2, ty+padY/2
		l.paths = append(l.paths, pathData(pt{sx, sy}, pt{sx, up}, pt{lx, up}, pt{lx, down}, pt{tx, down}, pt{tx, ty}))
	}
}

// blocked reports whether a box stands in from's slot on a band between
// from and to.
func (l *Layout) blocked(from, to *placed) bool {
	for _, b := range l.boxes {
		if b.slot == from.slot && b.rank < from.rank && b.rank > to.rank {
			return true
		}
	}
	return false
}
