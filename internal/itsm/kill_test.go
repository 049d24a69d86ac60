package itsm

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestMain runs the import child of TestKilledImportLeavesNothing when
// the test binary is started as it.
func TestMain(m *testing.M) {
	if dsn := os.Getenv("STEERCO_ITSM_CHILD_DSN"); dsn != "" {
		os.Exit(importChild(dsn))
	}
	os.Exit(m.Run())
}

// importChild imports a large generated log and says on stdout when it
// is writing, so that the parent can kill it mid-transaction.
func importChild(dsn string) int {
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		fmt.Println("open:", err)
		return 1
	}
	data := uciSized(&testing.T{}, 20000)
	said := false
	_, err = Import(ctx, st, "national-platform", bytes.NewReader(data), Options{Source: Source{Name: "servicenow"}, FileName: "log.csv", Actor: "child",
		Progress: func(stage string, n int) {
			if stage == "write" && !said {
				fmt.Println("writing")
				said = true
			}
		}})
	if err != nil {
		fmt.Println("import:", err)
		return 1
	}
	fmt.Println("done")
	return 0
}

// TestKilledImportLeavesNothing kills an import while it writes (SIGKILL,
// no chance to clean up) and checks that the database holds no ticket,
// no aggregate and no import record of it, that the audit chain is
// whole, and that the same file then imports completely.
func TestKilledImportLeavesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		st := storetest.Open(t, dsn)
		applyTemplate(t, st)
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "STEERCO_ITSM_CHILD_DSN="+dsn)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, _ := bufio.NewReader(out).ReadString('\n')
		if strings.TrimSpace(line) != "writing" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("child said %q, want writing", line)
		}
		cmd.Process.Kill()
		cmd.Wait()

		var tickets, months, imports int
		err = st.DB().QueryRow(`SELECT (SELECT COUNT(*) FROM tickets), (SELECT COUNT(*) FROM ticket_months), (SELECT COUNT(*) FROM ticket_imports)`).
			Scan(&tickets, &months, &imports)
		if err != nil {
			t.Fatal(err)
		}
		if tickets+months+imports != 0 {
			t.Fatalf("after the kill: %d tickets, %d aggregate rows, %d import records; want none", tickets, months, imports)
		}
		if _, ok, err := st.VerifyAudit(context.Background()); err != nil || !ok {
			t.Fatalf("audit chain after the kill: ok %v, %v", ok, err)
		}
		res, err := Import(context.Background(), st, "national-platform", bytes.NewReader(uciSized(t, 20000)), Options{Source: Source{Name: "servicenow"}, FileName: "log.csv", Actor: "t"})
		if err != nil || res.Created != 20000 {
			t.Fatalf("import after the kill: %+v %v", res, err)
		}
	})
}
