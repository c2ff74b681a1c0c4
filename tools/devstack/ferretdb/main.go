// Command ferretdb-devstack runs FerretDB v1 (MongoDB wire protocol) for Switchboard's dev stack
// and integration tests. It exists because `go install` of FerretDB's own cmd panics on a missing
// build-version file; embedding github.com/FerretDB/FerretDB/ferretdb avoids that.
// It must never be used as a production database: it is a local stand-in for MongoDB.
package main

import (
	"context"
	"flag"
	"log"
	"log/slog"
	"net/http"
	_ "net/http/pprof" // serves /debug/pprof on -pprof-listen only; see below
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address for the MongoDB wire protocol")
	handler := flag.String("handler", "sqlite", "storage backend: sqlite or postgresql")
	sqliteURL := flag.String("sqlite-url", "file:data/", "SQLite directory URL (handler=sqlite)")
	postgresURL := flag.String("postgresql-url", "", "PostgreSQL URL (handler=postgresql)")
	// Off unless asked: a CPU profile of the store under load is how a benchmark names its wall
	// (go tool pprof http://<addr>/debug/pprof/profile?seconds=30).
	pprofListen := flag.String("pprof-listen", "", "TCP address for Go's pprof HTTP endpoints (empty: off)")
	// Off unless asked (0): see wal_checkpoint.go for why the dev stack turns it on.
	walAbove := flag.Int64("wal-checkpoint-above", 0, "bytes: a SQLite write-ahead log larger than this is checkpointed and truncated (0: off)")
	walEvery := flag.Duration("wal-checkpoint-every", 5*time.Second, "how often the write-ahead logs' sizes are checked")
	walBusy := flag.Duration("wal-checkpoint-busy-timeout", 250*time.Millisecond, "how long the truncating checkpoint waits for readers to move on (holding off writers) before it is tried again later")
	// See gc_tuning.go for the measurement behind these defaults.
	gcPercent := flag.Int("gc-percent", 800, "Go GC target: collect when the heap grows by this percent of the live heap (Go's default: 100)")
	memoryLimit := flag.Int64("memory-limit", 1<<30, "bytes: Go's soft memory limit; near it the collector runs as often as needed (0: none)")
	flag.Parse()

	applyGCTuning(*gcPercent, *memoryLimit)

	if *pprofListen != "" {
		go func() {
			log.Printf("pprof listening on %s", *pprofListen)
			log.Print(http.ListenAndServe(*pprofListen, nil))
		}()
	}

	conf := ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Handler:  *handler,
		// The default logger's handler, at its default level (info), made lazy: lazy_log_attrs.go.
		Logger: slog.New(newLazyAttrsHandler(slog.Default().Handler())),
	}
	switch *handler {
	case "sqlite":
		conf.SQLiteURL = *sqliteURL
	case "postgresql":
		conf.PostgreSQLURL = *postgresURL
	default:
		log.Fatalf("unknown handler %q (want sqlite or postgresql)", *handler)
	}

	db, err := ferretdb.New(&conf)
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *handler == "sqlite" && *walAbove > 0 {
		go runWALCheckpoints(ctx, sqliteDataDir(*sqliteURL), *walEvery, *walAbove, *walBusy)
	}

	log.Printf("ferretdb listening on %s (%s backend)", *listen, *handler)
	if err := db.Run(ctx); err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}
