package main

// FerretDB logs every SQL statement it runs at debug level, and builds each of those records'
// attributes first: fsql calls logger.With(slog.Any("args", args)) before asking whether debug is
// on, and the standard handlers format attributes as soon as With is called. So every insert,
// update and `_id` lookup quoted its documents' JSON (the statement's arguments) into a string
// that nobody read: about a tenth of the store's CPU under the analytics benchmark (pprof:
// slog.(*commonHandler).withAttrs, strconv.appendQuotedWith). This handler keeps With's
// attributes as they are and hands them to the real handler only for a record that is written.

import (
	"context"
	"log/slog"
	"slices"
)

type lazyAttrsHandler struct {
	inner slog.Handler
	// Attributes from With calls, not yet given to inner; groups apply them first (see WithGroup).
	pending []slog.Attr
}

func newLazyAttrsHandler(inner slog.Handler) slog.Handler {
	return &lazyAttrsHandler{inner: inner}
}

func (h *lazyAttrsHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

func (h *lazyAttrsHandler) Handle(ctx context.Context, record slog.Record) error {
	return h.resolved().Handle(ctx, record)
}

func (h *lazyAttrsHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}

	// Clip: two loggers derived from h must never append into one shared backing array.
	return &lazyAttrsHandler{inner: h.inner, pending: append(slices.Clip(h.pending), attrs...)}
}

// WithGroup puts the pending attributes outside the group, where With had put them.
func (h *lazyAttrsHandler) WithGroup(name string) slog.Handler {
	return &lazyAttrsHandler{inner: h.resolved().WithGroup(name)}
}

func (h *lazyAttrsHandler) resolved() slog.Handler {
	if len(h.pending) == 0 {
		return h.inner
	}

	return h.inner.WithAttrs(h.pending)
}
