package itsm

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"
)

// uciHeader is the header of the UCI "Incident management process
// enriched event log" (a ServiceNow incident audit export).
const uciHeader = "number,incident_state,active,reassignment_count,reopen_count,sys_mod_count,made_sla,caller_id,opened_by,opened_at," +
	"sys_created_by,sys_created_at,sys_updated_by,sys_updated_at,contact_type,location,category,subcategory,u_symptom,cmdb_ci," +
	"impact,urgency,priority,assignment_group,assigned_to,knowledge,u_priority_confirmation,notify,problem_id,rfc,vendor," +
	"caused_by,closed_code,resolved_by,resolved_at,closed_at"

// GenerateOptions shape a generated event log.
type GenerateOptions struct {
	Seed      uint64
	Incidents int
	// From is the first opening time; tickets open evenly over Months.
	From   time.Time
	Months int
	// Groups are the assignment groups, chosen in turn (services match
	// them).
	Groups []string
	// Late is the share of tickets resolved after a long wait (most of
	// them breach their target).
	Late float64
	// FirstNumber is the first incident number.
	FirstNumber int
}

// GenerateServiceNow writes a deterministic ServiceNow event-log export
// in the UCI log's format: about 5–6 rows per incident (New, Active,
// sometimes Awaiting User Info, Resolved, Closed), day-first times, "?"
// for missing values, the tool's made_sla verdict. Benchmarks and the
// demo use it so that they go through the real importer.
func GenerateServiceNow(w io.Writer, o GenerateOptions) (rows int, err error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	r := rand.New(rand.NewPCG(o.Seed, 8))
	if _, err := bw.WriteString(uciHeader + "\n"); err != nil {
		return 0, err
	}
	if len(o.Groups) == 0 {
		o.Groups = []string{"Group 56"}
	}
	if o.Months < 1 {
		o.Months = 1
	}
	span := o.From.AddDate(0, o.Months, 0).Sub(o.From)
	step := span / time.Duration(max(o.Incidents, 1))
	prios := []string{"1 - Critical", "2 - High", "3 - Moderate", "3 - Moderate", "3 - Moderate", "4 - Low", "4 - Low"}
	limits := []time.Duration{4 * time.Hour, 8 * time.Hour, 72 * time.Hour, 240 * time.Hour}
	responses := []time.Duration{30 * time.Minute, time.Hour, 4 * time.Hour, 8 * time.Hour}
	ts := func(t time.Time) string {
		return fmt.Sprintf("%d/%d/%d %02d:%02d", t.Day(), int(t.Month()), t.Year(), t.Hour(), t.Minute())
	}
	for i := range o.Incidents {
		opened := o.From.Add(time.Duration(i)*step + time.Duration(r.IntN(max(int(step/time.Minute), 1)))*time.Minute).Truncate(time.Minute)
		prio := prios[r.IntN(len(prios))]
		p := int(prio[0] - '0')
		limit := limits[p-1]
		dur := time.Duration(float64(limit) * (0.1 + 0.6*r.Float64()))
		if r.Float64() < o.Late {
			dur = time.Duration(float64(limit) * (1.2 + 2*r.Float64()))
		}
		resolved := opened.Add(dur).Truncate(time.Minute)
		closed := resolved.Add(5 * 24 * time.Hour)
		made := "true"
		if dur > limit {
			made = "false"
		}
		problem, caused := "?", "?"
		if r.IntN(12) == 0 {
			problem = fmt.Sprintf("PRB%07d", 1+r.IntN(400))
		}
		if r.IntN(25) == 0 {
			caused = fmt.Sprintf("CHG%07d", 1+r.IntN(900))
		}
		cat := fmt.Sprintf("Category %d", 1+r.IntN(12))
		fields := []string{"", "", "", "0", "0", "", made, fmt.Sprintf("Caller %d", 1+r.IntN(5000)), "Opened by  8", ts(opened),
			"Created by 6", ts(opened), "", "", "Phone", fmt.Sprintf("Location %d", 1+r.IntN(200)), cat,
			fmt.Sprintf("Subcategory %d", 1+r.IntN(60)), "?", "?", prio, prio, prio, o.Groups[i%len(o.Groups)],
			fmt.Sprintf("Resolver %d", 1+r.IntN(80)), "false", "false", "Do Not Notify", problem, "?", "?", caused, "code 5",
			fmt.Sprintf("Resolved by %d", 1+r.IntN(80)), ts(resolved), ts(closed)}
		num := fmt.Sprintf("INC%07d", o.FirstNumber+i)
		type ev struct {
			state string
			at    time.Time
		}
		respond := opened.Add(time.Duration(float64(responses[p-1]) * 0.9 * r.Float64())).Truncate(time.Minute)
		if respond.Before(opened.Add(2 * time.Minute)) {
			respond = opened.Add(2 * time.Minute) // after the New row
		}
		evs := []ev{{"New", opened.Add(time.Minute)}, {"Active", respond}}
		if r.IntN(4) == 0 && resolved.Sub(respond) > time.Hour {
			wait := respond.Add(resolved.Sub(respond) / 3)
			evs = append(evs, ev{"Awaiting User Info", wait}, ev{"Active", wait.Add(resolved.Sub(respond) / 4)})
		}
		evs = append(evs, ev{"Resolved", resolved}, ev{"Closed", closed})
		for k, e := range evs {
			fields[0], fields[1], fields[5], fields[12], fields[13] = num, e.state, fmt.Sprint(k), fmt.Sprintf("Updated by %d", 1+r.IntN(800)), ts(e.at)
			fields[2] = "true"
			if e.state == "Closed" {
				fields[2] = "false"
			}
			if _, err := bw.WriteString(strings.Join(fields, ",") + "\n"); err != nil {
				return rows, err
			}
			rows++
		}
	}
	return rows, bw.Flush()
}
