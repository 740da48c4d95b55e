package main

// Commands over the non-bulk families: model lists and their items
// (TransactionalService), audit events (AuditService) and SCIM users.
// Streams are printed as they arrive: tab-separated rows, or with
// --output json one JSON array written element by element.

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplan"
	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

// printStream prints items from seq as they arrive and returns the
// stream's error (after what came before it was printed).
func printStream[T proto.Message](a *app, seq iter.Seq2[T, error], header string, row func(T) []string) error {
	if a.json() {
		fmt.Fprint(a.stdout, "[")
	} else {
		fmt.Fprintln(a.stdout, header)
	}
	n := 0
	var failed error
	for it, err := range seq {
		if err != nil {
			failed = err
			break
		}
		if a.json() {
			sep := ","
			if n == 0 {
				sep = ""
			}
			fmt.Fprintf(a.stdout, "%s\n  %s", sep, pj(it))
		} else {
			fmt.Fprintln(a.stdout, strings.Join(row(it), "\t"))
		}
		n++
	}
	if a.json() {
		fmt.Fprint(a.stdout, "\n]\n")
	}
	return failed
}

func cmdLists(a *app, ctx context.Context, _ []string, _ *cmdFlags) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	lists, err := m.Transactional().GetLists(ctx)
	if err != nil {
		return err
	}
	return table(a, lists, "ID\tNAME\tCODE", func(l *anaplanv1.NamedObject) []string {
		return []string{id(l.GetId()), l.GetName(), l.GetCode()}
	})
}

func cmdListItems(a *app, ctx context.Context, args []string, _ *cmdFlags) error {
	listID, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || listID <= 0 {
		return usagef("LIST must be a list id, got %q", args[0])
	}
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	return printStream(a, m.Transactional().ListItems(ctx, listID), "ID\tNAME\tCODE\tPARENT", func(i *anaplanv1.ListItem) []string {
		return []string{id(i.GetId()), i.GetName(), i.GetCode(), i.GetParent()}
	})
}

func cmdAuditEvents(a *app, ctx context.Context, _ []string, f *cmdFlags) error {
	filter := anaplan.EventFilter{Type: f.eventType, DaysIntoPast: f.days}
	return printStream(a, a.client.Audit().Events(ctx, filter), "ID\tTYPE\tUSER\tOBJECT\tSUCCESS\tMESSAGE", func(e *anaplanv1.AuditEvent) []string {
		return []string{id(e.GetId()), e.GetEventTypeId(), e.GetUserId(), e.GetObjectId(), strconv.FormatBool(e.GetSuccess()), e.GetMessage()}
	})
}

func cmdScimUsers(a *app, ctx context.Context, _ []string, _ *cmdFlags) error {
	return printStream(a, a.client.SCIM().Users(ctx, nil, 0), "ID\tUSER_NAME\tDISPLAY_NAME\tACTIVE", func(u *anaplanv1.ScimUser) []string {
		return []string{u.GetId(), u.GetUserName(), u.GetDisplayName(), strconv.FormatBool(u.GetActive())}
	})
}
