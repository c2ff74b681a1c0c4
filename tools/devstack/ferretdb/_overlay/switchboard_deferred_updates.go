// Switchboard's own addition to FerretDB v1.24.2's handler (package handler), compiled in only
// through the build overlay (tools/devstack/src/ferretdb-patches.ts). Upstream writes each
// statement of an `update` command in a SQLite transaction of its own; under load every one of
// them waits for the database's single write lock in SQLite's coarse busy sleeps, so a bulkWrite
// of 200 updates by `_id` took 8 s in a full fault audit, and the webhook delivery rounds stalled
// on it. Here the statements' new documents are kept and written together, in one transaction
// (the backend's UpdateAll takes many), before any statement that could read one of them, at the
// end of the command, and before an error is returned; a batch that fails is written again one
// document at a time, so what lands and which error is answered stay those of upstream's way.
package handler

import (
	"context"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// switchboardDeferredUpdates is a backends.Collection whose UpdateAll only remembers the documents.
type switchboardDeferredUpdates struct {
	backends.Collection
	docs []*types.Document
	ids  map[string]struct{}
}

func newSwitchboardDeferredUpdates() *switchboardDeferredUpdates {
	return &switchboardDeferredUpdates{ids: map[string]struct{}{}}
}

// wrap returns the collection the statement's update goes through.
func (d *switchboardDeferredUpdates) wrap(c backends.Collection) backends.Collection {
	d.Collection = c
	return d
}

// UpdateAll implements backends.Collection interface: the documents are written by flush.
func (d *switchboardDeferredUpdates) UpdateAll(_ context.Context, params *backends.UpdateAllParams) (*backends.UpdateAllResult, error) {
	for _, doc := range params.Docs {
		d.docs = append(d.docs, doc)
		d.ids[switchboardIDKey(must.NotFail(doc.Get("_id")))] = struct{}{}
	}

	return &backends.UpdateAllResult{Updated: int32(len(params.Docs))}, nil
}

// mustFlushBefore reports whether a statement with this filter could read a kept document: unless
// its `_id` is a string or ObjectID equality naming none of them, it could.
func (d *switchboardDeferredUpdates) mustFlushBefore(filter *types.Document) bool {
	if len(d.docs) == 0 {
		return false
	}

	n := 0
	for _, k := range filter.Keys() {
		if k == "_id" {
			n++
		}
	}

	if n != 1 {
		return true
	}

	id := must.NotFail(filter.Get("_id"))
	switch id.(type) {
	case string, types.ObjectID:
		_, kept := d.ids[switchboardIDKey(id)]
		return kept
	default:
		return true
	}
}

// flush writes the kept documents to the collection last wrapped: in one transaction, or, if
// that fails, one by one.
func (d *switchboardDeferredUpdates) flush(ctx context.Context) error {
	c := d.Collection
	docs := d.docs
	d.docs = nil
	d.ids = map[string]struct{}{}

	if len(docs) == 0 {
		return nil
	}

	if _, err := c.UpdateAll(ctx, &backends.UpdateAllParams{Docs: docs}); err == nil {
		return nil
	}

	for _, doc := range docs {
		if _, err := c.UpdateAll(ctx, &backends.UpdateAllParams{Docs: []*types.Document{doc}}); err != nil {
			return lazyerrors.Error(err)
		}
	}

	return nil
}

func switchboardIDKey(id any) string {
	return string(must.NotFail(sjson.MarshalSingleValue(id)))
}
