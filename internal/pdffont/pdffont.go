// Package pdffont holds the TrueType font steerco's PDFs are set in
// (the approved minutes, the monthly report pack), so that å, ä and ö —
// and every other letter a name may have — print; PDF's standard fonts
// know Latin-1 at best. DejaVu's licence is fonts/DejaVuSans-LICENSE.txt.
package pdffont

import _ "embed"

// DejaVuSans is DejaVu Sans, for fpdf's AddUTF8FontFromBytes.
//
//go:embed fonts/DejaVuSans.ttf
var DejaVuSans []byte
