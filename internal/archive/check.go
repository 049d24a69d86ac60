package archive

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Problem is one requirement a package does not meet.
type Problem struct {
	// Req is the requirement's id in the CSIP or SIP profile (CSIP1,
	// SIP4, CSIPSTR4...), or FILE for a file that does not match its
	// listing.
	Req  string
	File string // the METS.xml (or file) concerned
	Msg  string
}

func (p Problem) String() string { return fmt.Sprintf("%s: %s: %s", p.Req, p.File, p.Msg) }

// Checked lists the MUST requirements of CSIP 2.2.0 and SIP 2.2.0 that
// Check tests. NotChecked are the remaining MUSTs with why a program
// cannot decide them; the test against the profiles keeps the two lists
// complete.
var Checked = []string{
	"CSIPSTR1", "CSIPSTR4",
	"CSIP1", "CSIP2", "CSIP6", "CSIP117", "CSIP7", "CSIP9", "CSIP10", "CSIP11", "CSIP12", "CSIP13", "CSIP14", "CSIP15", "CSIP16",
	"CSIP18", "CSIP19", "CSIP22", "CSIP23", "CSIP24", "CSIP25", "CSIP26", "CSIP27", "CSIP28", "CSIP29", "CSIP30",
	"CSIP33", "CSIP36", "CSIP37", "CSIP38", "CSIP39", "CSIP40", "CSIP41", "CSIP42", "CSIP43", "CSIP44",
	"CSIP46", "CSIP49", "CSIP50", "CSIP51", "CSIP52", "CSIP53", "CSIP54", "CSIP55", "CSIP56", "CSIP57",
	"CSIP59", "CSIP60", "CSIP113", "CSIP114", "CSIP64", "CSIP65", "CSIP66", "CSIP67", "CSIP68", "CSIP69", "CSIP70", "CSIP71", "CSIP72",
	"CSIP76", "CSIP77", "CSIP78", "CSIP79",
	"CSIP80", "CSIP81", "CSIP82", "CSIP83", "CSIP84", "CSIP85", "CSIP88", "CSIP89", "CSIP90", "CSIP94", "CSIP95", "CSIP116",
	"CSIP98", "CSIP99", "CSIP118", "CSIP106", "CSIP107", "CSIP108", "CSIP109", "CSIP110", "CSIP111", "CSIP112",
	"SIP2", "SIP4", "SIP10", "SIP11", "SIP12", "SIP14", "SIP15", "SIP16", "SIP17", "SIP18", "SIP20",
	"SIP22", "SIP23", "SIP24", "SIP27", "SIP28", "SIP29", "SIP31",
}

// NotChecked are MUST requirements a program cannot decide, with why.
var NotChecked = map[string]string{
	"CSIP102": "the content division labelled Representations applies only to packages without representation METS files; steerco writes one per representation (CSIP106–CSIP112)",
	"CSIP103": "as CSIP102",
	"CSIP119": "as CSIP102",
}

// tree is a parsed XML element.
type tree struct {
	Name  xml.Name
	Attrs []xml.Attr
	Kids  []*tree
	Text  string
}

func (t *tree) attr(space, local string) (string, bool) {
	for _, a := range t.Attrs {
		if a.Name.Local == local && (space == "" && a.Name.Space == "" || a.Name.Space == space) {
			return a.Value, true
		}
	}
	return "", false
}

func (t *tree) all(local string) []*tree {
	var out []*tree
	for _, k := range t.Kids {
		if k.Name.Local == local {
			out = append(out, k)
		}
	}
	return out
}

func parseTree(b []byte) (*tree, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var stack []*tree
	var root *tree
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		switch x := tok.(type) {
		case xml.StartElement:
			n := &tree{Name: x.Name, Attrs: x.Attr}
			if len(stack) > 0 {
				stack[len(stack)-1].Kids = append(stack[len(stack)-1].Kids, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(x)
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("no root element")
	}
	return root, nil
}

const (
	nsMETS  = "http://www.loc.gov/METS/"
	nsXLink = "http://www.w3.org/1999/xlink"
	nsCSIP  = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
)

// Check checks the package at path (a folder, or a zip holding one root
// folder) against the MUST requirements in Checked, and every listed
// file's size and SHA-256. It returns the problems found; none means
// the package passes.
func Check(pathName string) ([]Problem, error) {
	fsys, err := openPackage(pathName)
	if err != nil {
		return nil, err
	}
	c := &checker{fsys: fsys}
	c.mets("METS.xml", true)
	sortProblems(c.problems)
	return c.problems, nil
}

// openPackage returns the package root as a file system: the folder
// itself, or the single root folder of a zip (CSIPSTR1).
func openPackage(pathName string) (fs.FS, error) {
	st, err := os.Stat(pathName)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return os.DirFS(pathName), nil
	}
	zr, err := zip.OpenReader(pathName)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", pathName, err)
	}
	roots := map[string]bool{}
	for _, f := range zr.File {
		roots[strings.SplitN(f.Name, "/", 2)[0]] = true
	}
	if len(roots) != 1 {
		return nil, fmt.Errorf("CSIPSTR1: %s: the zip must unpack to a single root folder, it has %d entries at the top", pathName, len(roots))
	}
	for r := range roots {
		return fs.Sub(zr, r)
	}
	return nil, fmt.Errorf("%s: empty zip", pathName)
}

type checker struct {
	fsys     fs.FS
	problems []Problem
}

func (c *checker) fail(req, file, format string, args ...any) {
	c.problems = append(c.problems, Problem{Req: req, File: file, Msg: fmt.Sprintf(format, args...)})
}

// mets checks one METS.xml: the package's (pkg) or a representation's.
func (c *checker) mets(name string, pkg bool) {
	b, err := fs.ReadFile(c.fsys, name)
	if err != nil {
		c.fail("CSIPSTR4", name, "missing: %v", err)
		return
	}
	root, err := parseTree(b)
	if err != nil {
		c.fail("CSIPSTR4", name, "not well-formed XML: %v", err)
		return
	}
	if root.Name.Space != nsMETS || root.Name.Local != "mets" {
		c.fail("CSIPSTR4", name, "the root element is %s, not METS's mets", root.Name.Local)
		return
	}
	dir := path.Dir(name)
	ids := map[string]int{}
	var walk func(t *tree)
	walk = func(t *tree) {
		if id, ok := t.attr("", "ID"); ok {
			ids[id]++
		}
		for _, k := range t.Kids {
			walk(k)
		}
	}
	walk(root)
	for id, n := range ids {
		if n > 1 {
			c.fail("CSIP67", name, "ID %q is used %d times; IDs must be unique", id, n)
		}
	}
	need := func(req string, t *tree, space, attr string) string {
		v, ok := t.attr(space, attr)
		if !ok || strings.TrimSpace(v) == "" {
			c.fail(req, name, "%s has no @%s", t.Name.Local, attr)
		}
		return v
	}
	need("CSIP1", root, "", "OBJID")
	if v := need("CSIP2", root, "", "TYPE"); v != "" && !contentCategories[v] {
		c.fail("CSIP2", name, "@TYPE %q is not in the content category vocabulary", v)
	}
	if v := need("CSIP6", root, "", "PROFILE"); v != "" && v != Profile {
		c.fail("SIP2", name, "@PROFILE is %q, want %s", v, Profile)
	}
	hdrs := root.all("metsHdr")
	if len(hdrs) != 1 {
		c.fail("CSIP117", name, "%d metsHdr elements, want 1", len(hdrs))
		return
	}
	hdr := hdrs[0]
	if v := need("CSIP7", hdr, "", "CREATEDATE"); v != "" {
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			c.fail("CSIP7", name, "@CREATEDATE %q is not a date and time", v)
		}
	}
	if v := need("CSIP9", hdr, nsCSIP, "OAISPACKAGETYPE"); v != "" && v != "SIP" {
		c.fail("SIP4", name, "@csip:OAISPACKAGETYPE is %q, want SIP", v)
	}
	c.agents(name, hdr, pkg)
	for _, d := range root.all("dmdSec") {
		need("CSIP18", d, "", "ID")
		need("CSIP19", d, "", "CREATED")
		for _, r := range d.all("mdRef") {
			c.mdRef(name, dir, r, [10]string{"CSIP22", "CSIP23", "CSIP24", "CSIP25", "CSIP26", "CSIP27", "CSIP28", "CSIP29", "CSIP30"})
		}
	}
	for _, a := range root.all("amdSec") {
		for _, d := range a.all("digiprovMD") {
			need("CSIP33", d, "", "ID")
			for _, r := range d.all("mdRef") {
				c.mdRef(name, dir, r, [10]string{"CSIP36", "CSIP37", "CSIP38", "CSIP39", "CSIP40", "CSIP41", "CSIP42", "CSIP43", "CSIP44"})
			}
		}
		for _, d := range a.all("rightsMD") {
			need("CSIP46", d, "", "ID")
			for _, r := range d.all("mdRef") {
				c.mdRef(name, dir, r, [10]string{"CSIP49", "CSIP50", "CSIP51", "CSIP52", "CSIP53", "CSIP54", "CSIP55", "CSIP56", "CSIP57"})
			}
		}
	}
	groups := map[string]*tree{} // ID → fileGrp
	uses := map[string][]string{}
	for _, fsec := range root.all("fileSec") {
		need("CSIP59", fsec, "", "ID")
		for _, g := range fsec.all("fileGrp") {
			use := need("CSIP64", g, "", "USE")
			id := need("CSIP65", g, "", "ID")
			groups[id] = g
			uses[use] = append(uses[use], id)
			files := g.all("file")
			if len(files) == 0 {
				c.fail("CSIP66", name, "fileGrp %s has no file", id)
			}
			for _, f := range files {
				need("CSIP67", f, "", "ID")
				locs := f.all("FLocat")
				if len(locs) != 1 {
					c.fail("CSIP76", name, "file %s has %d FLocat, want 1", attrOr(f, "ID"), len(locs))
					continue
				}
				l := locs[0]
				if v, _ := l.attr("", "LOCTYPE"); v != "URL" {
					c.fail("CSIP77", name, "FLocat of %s: @LOCTYPE %q, want URL", attrOr(f, "ID"), v)
				}
				if v, _ := l.attr(nsXLink, "type"); v != "simple" {
					c.fail("CSIP78", name, "FLocat of %s: @xlink:type %q, want simple", attrOr(f, "ID"), v)
				}
				href := need("CSIP79", l, nsXLink, "href")
				c.fileFacts(name, dir, f, href, [5]string{"CSIP68", "CSIP69", "CSIP70", "CSIP71", "CSIP72"})
			}
		}
	}
	if len(uses["Schemas"]) == 0 {
		c.fail("CSIP113", name, "no fileGrp with @USE Schemas, though the package holds XML schemas")
	}
	if len(uses["Documentation"]) == 0 {
		c.fail("CSIP60", name, "no fileGrp with @USE Documentation, though the package holds documentation")
	}
	reps := 0
	for use := range uses {
		if strings.HasPrefix(use, "Representations") {
			reps++
		}
	}
	if reps == 0 {
		c.fail("CSIP114", name, "no fileGrp whose @USE starts with Representations")
	}
	c.structMap(name, dir, root, groups, uses, pkg)
}

// agents checks the header's agents: the creating software (CSIP10–16)
// and, in the package METS, the SIP agents (SIP9–31).
func (c *checker) agents(name string, hdr *tree, pkg bool) {
	soft := 0
	for _, a := range hdr.all("agent") {
		role, _ := a.attr("", "ROLE")
		typ, _ := a.attr("", "TYPE")
		other, _ := a.attr("", "OTHERTYPE")
		names := a.all("name")
		if len(names) != 1 || strings.TrimSpace(names[0].Text) == "" {
			c.fail("CSIP14", name, "agent %s/%s has no name", role, typ)
		}
		if role == "CREATOR" && typ == "OTHER" && other == "SOFTWARE" {
			soft++
			notes := a.all("note")
			if len(notes) != 1 || strings.TrimSpace(notes[0].Text) == "" {
				c.fail("CSIP15", name, "the software agent needs one note with its version")
			} else if v, _ := notes[0].attr(nsCSIP, "NOTETYPE"); v != "SOFTWARE VERSION" {
				c.fail("CSIP16", name, "the software agent's note has @csip:NOTETYPE %q, want SOFTWARE VERSION", v)
			}
			continue
		}
		switch {
		case role == "":
			c.fail("SIP10", name, "an agent has no @ROLE")
		case typ != "ORGANIZATION" && typ != "INDIVIDUAL":
			c.fail("SIP11", name, "agent %s has @TYPE %q, want ORGANIZATION or INDIVIDUAL", role, typ)
		case role == "PRESERVATION" && typ != "ORGANIZATION":
			c.fail("SIP28", name, "the preservation agent's @TYPE is %q, want ORGANIZATION", typ)
		}
		for _, n := range a.all("note") {
			if v, _ := n.attr(nsCSIP, "NOTETYPE"); v != "IDENTIFICATIONCODE" && (role == "ARCHIVIST" || role == "PRESERVATION" || role == "CREATOR" && typ == "ORGANIZATION") {
				c.fail("SIP14", name, "agent %s's note has @csip:NOTETYPE %q, want IDENTIFICATIONCODE", role, v)
			}
		}
	}
	if soft != 1 {
		c.fail("CSIP10", name, "%d agents with ROLE CREATOR, TYPE OTHER, OTHERTYPE SOFTWARE; want 1 naming the creating software", soft)
	}
	if pkg {
		sub := 0
		for _, a := range hdr.all("agent") {
			if r, _ := a.attr("", "ROLE"); r == "CREATOR" {
				if t, _ := a.attr("", "TYPE"); t == "ORGANIZATION" || t == "INDIVIDUAL" {
					sub++
				}
			}
		}
		if sub == 0 {
			c.fail("SIP15", name, "no submitting agent (ROLE CREATOR, TYPE ORGANIZATION or INDIVIDUAL)")
		}
	}
}

// mdRef checks a metadata reference (locator, link, href, type, MIME,
// size, created, checksum, checksum type) and the file it points to.
func (c *checker) mdRef(name, dir string, r *tree, req [10]string) {
	if v, _ := r.attr("", "LOCTYPE"); v != "URL" {
		c.fail(req[0], name, "mdRef @LOCTYPE %q, want URL", v)
	}
	if v, _ := r.attr(nsXLink, "type"); v != "simple" {
		c.fail(req[1], name, "mdRef @xlink:type %q, want simple", v)
	}
	href, ok := r.attr(nsXLink, "href")
	if !ok || href == "" {
		c.fail(req[2], name, "mdRef has no @xlink:href")
		return
	}
	if v, _ := r.attr("", "MDTYPE"); v == "" {
		c.fail(req[3], name, "mdRef %s has no @MDTYPE", href)
	}
	c.fileFacts(name, dir, r, href, [5]string{req[4], req[5], req[6], req[7], req[8]})
}

// fileFacts checks MIMETYPE, SIZE, CREATED, CHECKSUM and CHECKSUMTYPE of a
// file or mdRef and that the file exists with that size and SHA-256.
func (c *checker) fileFacts(name, dir string, t *tree, href string, req [5]string) {
	if v, _ := t.attr("", "MIMETYPE"); !strings.Contains(v, "/") {
		c.fail(req[0], name, "%s: @MIMETYPE %q is not a media type", href, v)
	}
	size, err := strconv.ParseInt(attrOr(t, "SIZE"), 10, 64)
	if err != nil {
		c.fail(req[1], name, "%s: @SIZE %q is not a number of bytes", href, attrOr(t, "SIZE"))
	}
	if _, err := time.Parse(time.RFC3339, attrOr(t, "CREATED")); err != nil {
		c.fail(req[2], name, "%s: @CREATED %q is not a date and time", href, attrOr(t, "CREATED"))
	}
	sum := attrOr(t, "CHECKSUM")
	if len(sum) != 64 {
		c.fail(req[3], name, "%s: @CHECKSUM %q is not a SHA-256", href, sum)
	}
	if v := attrOr(t, "CHECKSUMTYPE"); v != "SHA-256" {
		c.fail(req[4], name, "%s: @CHECKSUMTYPE %q, want SHA-256", href, v)
	}
	p := path.Clean(path.Join(dir, href))
	b, err := fs.ReadFile(c.fsys, p)
	if err != nil {
		c.fail("FILE", p, "listed in %s but missing", name)
		return
	}
	if int64(len(b)) != size {
		c.fail("FILE", p, "is %d bytes, %s says %d", len(b), name, size)
	}
	got := sha256.Sum256(b)
	if !strings.EqualFold(hex.EncodeToString(got[:]), sum) {
		c.fail("FILE", p, "SHA-256 %X, %s says %s", got, name, sum)
	}
}

// structMap checks the CSIP structural map and follows the pointers to
// the representations' METS files.
func (c *checker) structMap(name, dir string, root *tree, groups map[string]*tree, uses map[string][]string, pkg bool) {
	var sm *tree
	for _, s := range root.all("structMap") {
		if l, _ := s.attr("", "LABEL"); l == "CSIP" {
			sm = s
		}
	}
	if sm == nil {
		c.fail("CSIP80", name, "no structMap labelled CSIP")
		return
	}
	if v, _ := sm.attr("", "TYPE"); v != "PHYSICAL" {
		c.fail("CSIP81", name, "structMap @TYPE %q, want PHYSICAL", v)
	}
	if _, ok := sm.attr("", "ID"); !ok {
		c.fail("CSIP83", name, "structMap has no @ID")
	}
	divs := sm.all("div")
	if len(divs) != 1 {
		c.fail("CSIP84", name, "structMap has %d top divisions, want 1", len(divs))
		return
	}
	top := divs[0]
	if _, ok := top.attr("", "ID"); !ok {
		c.fail("CSIP85", name, "the main division has no @ID")
	}
	labels := map[string]*tree{}
	for _, d := range top.all("div") {
		l, _ := d.attr("", "LABEL")
		labels[l] = d
		if _, ok := d.attr("", "ID"); !ok {
			c.fail("CSIP106", name, "division %q has no @ID", l)
		}
	}
	if pkg {
		if md := labels["Metadata"]; md == nil {
			c.fail("CSIP88", name, "no division labelled Metadata, though the package has metadata")
		} else if _, ok := md.attr("", "ID"); !ok {
			c.fail("CSIP89", name, "the Metadata division has no @ID")
		}
	}
	fptrTo := func(req, label, use string) {
		d := labels[label]
		if d == nil {
			c.fail(req, name, "no division labelled %s", label)
			return
		}
		ok := false
		for _, f := range d.all("fptr") {
			id, _ := f.attr("", "FILEID")
			if g := groups[id]; g != nil && attrOr(g, "USE") == use {
				ok = true
			}
		}
		if !ok {
			c.fail(req, name, "the %s division does not point to the %s file group", label, use)
		}
	}
	fptrTo("CSIP116", "Documentation", "Documentation")
	fptrTo("CSIP118", "Schemas", "Schemas")
	for use := range uses {
		if !strings.HasPrefix(use, "Representations/") {
			continue
		}
		d := labels[use]
		if d == nil {
			c.fail("CSIP107", name, "no division labelled %s for its file group", use)
			continue
		}
		if !pkg {
			fptrTo("CSIP108", use, use)
			continue
		}
		mptrs := d.all("mptr")
		if len(mptrs) != 1 {
			c.fail("CSIP109", name, "division %s has %d mptr, want 1", use, len(mptrs))
			continue
		}
		m := mptrs[0]
		href, _ := m.attr(nsXLink, "href")
		if href == "" {
			c.fail("CSIP110", name, "mptr of %s has no @xlink:href", use)
			continue
		}
		if v, _ := m.attr(nsXLink, "type"); v != "simple" {
			c.fail("CSIP111", name, "mptr of %s: @xlink:type %q, want simple", use, v)
		}
		if v, _ := m.attr("", "LOCTYPE"); v != "URL" {
			c.fail("CSIP112", name, "mptr of %s: @LOCTYPE %q, want URL", use, v)
		}
		c.mets(path.Clean(path.Join(dir, href)), false)
	}
}

func attrOr(t *tree, name string) string {
	v, _ := t.attr("", name)
	return v
}

// contentCategories is the CSIP content category vocabulary (CSIP2).
var contentCategories = map[string]bool{}

func init() {
	for _, v := range strings.Split("Textual works – Print|Textual works – Digital|Textual works – Electronic Serials|Digital Musical Composition (score-based representations)|Musical Scores - Print|Musical Scores - Digital|Photographs – Print|Photographs – Digital|Other Graphic Images – Print|Other Graphic Images – Digital|Microforms|Audio – On Tangible Medium (digital or analog)|Audio – Media-independent (digital)|Motion Pictures – Digital and Physical Media|Video – File-based and Physical Media|Software|Software and Video Games|Email|Datasets|Geospatial Data|Geographic Information System (GIS) - Vector Data|GIS Raster and Georeferenced Images|GIS Vector and Raster Combined|Non-GIS Cartographic|2D and 3D Computer Aided Design|Design (schematics, architectural drawings) - Print|Scanned 3D Objects (output from photogrammetry scanning)|Databases|Websites|Web Archives|Collection|Event|Image|Interactive resource|Moving image|Sound|Still image|Text|Physical object|Service|Mixed|Other", "|") {
		contentCategories[v] = true
	}
}

// sortProblems orders problems by file then requirement.
func sortProblems(ps []Problem) {
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Req < ps[j].Req
	})
}
