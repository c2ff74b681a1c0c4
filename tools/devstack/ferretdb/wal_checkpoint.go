package main

// Bounds the write-ahead logs of FerretDB's SQLite databases. SQLite's own automatic checkpoint is
// PASSIVE: it copies back only the frames no open reader still needs, and it never shrinks the log
// file. Under a sustained load the log then only grows (a full fault audit's ingress database had
// a 4.1 GB one), and every read has to look its pages up in it. Here a log past a size limit is
// copied back with a PASSIVE checkpoint, which never blocks anyone; only when that copied back all
// of it does a TRUNCATE checkpoint follow, which empties the file once the readers still on the
// log have moved on. That one holds off writers while it waits, so it waits at most busyTimeout
// (short): a reader holding an older snapshot (a long scan, a cursor left open) only makes this
// tick give up, and the next one try again.

import (
	"context"
	"database/sql"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the driver FerretDB's SQLite backend uses, registered as "sqlite"
)

type walCheckpointer struct {
	dir         string
	above       int64
	busyTimeout time.Duration
	dbs         map[string]*sql.DB
	// When each file last logged that it could not be truncated: at most once a minute, since
	// under load that is the common case and a tick comes every few seconds.
	loggedStuckAt map[string]time.Time
}

// sqliteDataDir returns the directory of a FerretDB SQLite URL ("file:data/?_pragma=…").
func sqliteDataDir(url string) string {
	dir := strings.TrimPrefix(url, "file:")
	if i := strings.IndexByte(dir, '?'); i >= 0 {
		dir = dir[:i]
	}

	return dir
}

// runWALCheckpoints checks the logs every `every` until ctx ends.
func runWALCheckpoints(ctx context.Context, dir string, every time.Duration, above int64, busyTimeout time.Duration) {
	c := &walCheckpointer{dir: dir, above: above, busyTimeout: busyTimeout, dbs: map[string]*sql.DB{}, loggedStuckAt: map[string]time.Time{}}
	defer c.close()

	ticker := time.NewTicker(every)
	defer ticker.Stop()

	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			c.checkAll(ctx)
		}
	}
}

func (c *walCheckpointer) checkAll(ctx context.Context) {
	files, err := filepath.Glob(filepath.Join(c.dir, "*.sqlite"))
	if err != nil {
		log.Printf("wal checkpoint: %v", err)
		return
	}

	for _, file := range files {
		info, err := os.Stat(file + "-wal")
		if err != nil || info.Size() <= c.above {
			continue
		}

		c.truncate(ctx, file, info.Size())
	}
}

func (c *walCheckpointer) truncate(ctx context.Context, file string, size int64) {
	db, err := c.open(file)
	if err != nil {
		log.Printf("wal checkpoint: open %s: %v", file, err)
		return
	}

	started := time.Now()

	copied, err := checkpoint(ctx, db, "PASSIVE")
	if err == nil && copied.complete() {
		copied, err = checkpoint(ctx, db, "TRUNCATE")
	}

	if err != nil {
		log.Printf("wal checkpoint: %s: %v", file, err)
		return
	}

	outcome := "truncated"
	if !copied.complete() {
		if time.Since(c.loggedStuckAt[file]) < time.Minute {
			return
		}

		c.loggedStuckAt[file] = time.Now()
		outcome = "a reader holds an older snapshot, tried again every tick"
	}

	log.Printf(
		"wal checkpoint: %s: log of %d MB, %s (%d of %d frames copied back) in %s",
		filepath.Base(file), size>>20, outcome, copied.copied, copied.logFrames, time.Since(started).Round(time.Millisecond),
	)
}

// checkpointResult is what `PRAGMA wal_checkpoint` answers: busy is 1 when it could not finish
// (readers or writers in the way); the log's frames and those copied back are -1 when the log
// could not be reached at all.
type checkpointResult struct {
	busy, logFrames, copied int64
}

func (r checkpointResult) complete() bool {
	return r.busy == 0 && r.copied == r.logFrames
}

func checkpoint(ctx context.Context, db *sql.DB, mode string) (checkpointResult, error) {
	var r checkpointResult
	err := db.QueryRowContext(ctx, "PRAGMA wal_checkpoint("+mode+")").Scan(&r.busy, &r.logFrames, &r.copied)

	return r, err
}

// open keeps one connection per database file: a checkpoint needs no more, and it must not
// compete with FerretDB's pool.
func (c *walCheckpointer) open(file string) (*sql.DB, error) {
	if db, ok := c.dbs[file]; ok {
		return db, nil
	}

	uri := "file:" + file + "?_pragma=busy_timeout(" + strconv.FormatInt(c.busyTimeout.Milliseconds(), 10) + ")"

	db, err := sql.Open("sqlite", uri)
	if err != nil {
		return nil, err
	}

	db.SetMaxOpenConns(1)
	c.dbs[file] = db

	return db, nil
}

func (c *walCheckpointer) close() {
	for _, db := range c.dbs {
		_ = db.Close()
	}
}
