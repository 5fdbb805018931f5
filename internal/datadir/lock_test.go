package datadir_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"plenary/internal/datadir"
)

func acquire(t *testing.T, dir, command string) *datadir.Lock {
	t.Helper()
	l, err := datadir.Acquire(dir, command)
	if err != nil {
		t.Fatalf("Acquire(%s): %v", dir, err)
	}
	t.Cleanup(func() { l.Release() })
	return l
}

func TestAcquireCreatesTheDirectoryAndRecordsTheHolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "replica-1")
	before := time.Now().UTC().Truncate(time.Second)
	acquire(t, dir, "plenary serve")

	if fi, err := os.Stat(filepath.Join(dir, datadir.LockFile)); err != nil || !fi.Mode().IsRegular() {
		t.Fatalf("lock file: %v", err)
	}
	h, err := datadir.ReadHolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	if h.PID != os.Getpid() || h.Command != "plenary serve" || h.URI != "" {
		t.Errorf("holder = %+v, want pid %d, command \"plenary serve\", no URI", h, os.Getpid())
	}
	if h.Since.Before(before) || h.Since.After(time.Now()) {
		t.Errorf("since = %v, want between %v and now", h.Since, before)
	}
}

func TestSecondAcquireIsRefused(t *testing.T) {
	dir := t.TempDir()
	acquire(t, dir, "plenary serve")
	h, err := datadir.ReadHolder(dir)
	if err != nil {
		t.Fatal(err)
	}

	l, err := datadir.Acquire(dir, "plenary import")
	if err == nil {
		l.Release()
		t.Fatal("second Acquire succeeded while the directory is held")
	}
	var locked *datadir.LockedError
	if !errors.As(err, &locked) {
		t.Fatalf("error %v (%T) is not a *datadir.LockedError", err, err)
	}
	if locked.Dir != dir || locked.Holder.PID != os.Getpid() || locked.Holder.Command != "plenary serve" {
		t.Errorf("LockedError = %+v", locked)
	}
	want := fmt.Sprintf("data directory %s is in use by process %d (plenary serve, since %s)", dir, os.Getpid(), h.Since.Format(time.RFC3339))
	if err.Error() != want {
		t.Errorf("error = %q\nwant    %q", err, want)
	}
	// The refused attempt must not have overwritten the holder.
	if h2, err := datadir.ReadHolder(dir); err != nil || h2 != h {
		t.Errorf("holder after a refused Acquire = %+v, %v; want %+v", h2, err, h)
	}
}

func TestReleaseLetsTheNextOneIn(t *testing.T) {
	dir := t.TempDir()
	first, err := datadir.Acquire(dir, "plenary serve")
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Release(); err != nil {
		t.Fatalf("Release: %v", err)
	}
	if err := first.Release(); err != nil {
		t.Errorf("second Release: %v", err)
	}
	acquire(t, dir, "plenary import")
	if h, err := datadir.ReadHolder(dir); err != nil || h.Command != "plenary import" || h.PID != os.Getpid() {
		t.Errorf("holder = %+v, %v; want plenary import", h, err)
	}
}

func TestShare(t *testing.T) {
	dir := t.TempDir()
	l := acquire(t, dir, "plenary serve")
	const uri = "mongodb://127.0.0.1:27018/"
	if err := l.Share(uri, "local"); err != nil {
		t.Fatal(err)
	}
	h, err := datadir.ReadHolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !h.Serves || h.URI != uri || h.Blobs != "local" || h.PID != os.Getpid() || h.Command != "plenary serve" {
		t.Errorf("holder = %+v, want URI %s, local files, and the same pid and command", h, uri)
	}
	// A shorter URI replaces the longer one entirely.
	if err := l.Share("mongodb://h:1/", "gridfs"); err != nil {
		t.Fatal(err)
	}
	if h, err := datadir.ReadHolder(dir); err != nil || h.URI != "mongodb://h:1/" || h.Blobs != "gridfs" {
		t.Errorf("holder after a second Share = %+v, %v", h, err)
	}
	_, err = datadir.Acquire(dir, "plenary import")
	var locked *datadir.LockedError
	if !errors.As(err, &locked) || locked.Holder.URI != "mongodb://h:1/" {
		t.Errorf("second Acquire: %v, want a LockedError with the URI", err)
	}
}

func TestAcquireOnAFileFails(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := datadir.Acquire(file, "plenary serve")
	if err == nil {
		l.Release()
		t.Fatal("Acquire on a regular file succeeded")
	}
	var locked *datadir.LockedError
	if errors.As(err, &locked) {
		t.Errorf("error %v is a LockedError; want a plain error", err)
	}
	if !strings.HasPrefix(err.Error(), "data directory: ") {
		t.Errorf("error = %q, want it to start with \"data directory: \"", err)
	}
}

// The helper process is this test binary run again by the tests below. It
// tries to acquire the directory named by PLENARY_TEST_LOCK_DIR and prints
// what happened.
const helperEnv = "PLENARY_TEST_LOCK_DIR"

func TestHelperProcess(t *testing.T) {
	dir := os.Getenv(helperEnv)
	if dir == "" {
		return
	}
	_, err := datadir.Acquire(dir, "child")
	if err != nil {
		fmt.Println(err)
		os.Exit(3)
	}
	// Exit holding the lock, without Release: the system frees it.
	fmt.Printf("acquired by %d\n", os.Getpid())
	os.Exit(0)
}

func runHelper(t *testing.T, dir string) (string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	// GORACE keeps a -race build from pausing a second on exit.
	cmd.Env = append(os.Environ(), helperEnv+"="+dir, "GORACE=atexit_sleep_ms=0")
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run helper: %v", err)
	}
	return strings.TrimSpace(string(out)), cmd.ProcessState.ExitCode()
}

func TestAnotherProcessIsToldWhoHoldsTheDirectory(t *testing.T) {
	dir := t.TempDir()
	acquire(t, dir, "plenary serve")

	out, code := runHelper(t, dir)
	if code != 3 {
		t.Fatalf("child exit code %d, output %q; want 3 (refused)", code, out)
	}
	want := fmt.Sprintf("data directory %s is in use by process %d (plenary serve, since ", dir, os.Getpid())
	if !strings.HasPrefix(out, want) {
		t.Errorf("child said %q, want it to start with %q", out, want)
	}
}

func TestLockIsFreedWhenTheHolderExits(t *testing.T) {
	dir := t.TempDir()
	out, code := runHelper(t, dir)
	if code != 0 || !strings.HasPrefix(out, "acquired by ") {
		t.Fatalf("child exit code %d, output %q; want it to acquire the directory", code, out)
	}
	childPID, err := strconv.Atoi(strings.TrimPrefix(out, "acquired by "))
	if err != nil {
		t.Fatalf("child output %q: %v", out, err)
	}
	if h, err := datadir.ReadHolder(dir); err != nil || h.PID != childPID || h.Command != "child" {
		t.Errorf("holder left by the child = %+v, %v; want pid %d", h, err, childPID)
	}
	acquire(t, dir, "plenary serve")
	if h, err := datadir.ReadHolder(dir); err != nil || h.PID != os.Getpid() {
		t.Errorf("holder = %+v, %v; want this process", h, err)
	}
}
