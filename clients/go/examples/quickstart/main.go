// Command quickstart lists the demo model's files, uploads a CSV and runs
// the import that reads it, then exports the list back to stdout.
//
//	go run ./examples/quickstart -address 127.0.0.1:50051 employees.csv
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplan"
)

func main() {
	address := flag.String("address", "127.0.0.1:50051", "anaplan-grpc service")
	workspace := flag.String("workspace", "8a868cd985f53e7701860542f59e276e", "workspace id")
	model := flag.String("model", "75A40874E6B64FA3AE0743278996850F", "model id")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	client, err := anaplan.New(*address)
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	m := client.WithModel(*workspace, *model)

	files, err := m.GetFiles(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range files {
		fmt.Printf("file %d %s\n", f.GetId(), f.GetName())
	}

	if flag.NArg() > 0 {
		in, err := os.Open(flag.Arg(0))
		if err != nil {
			log.Fatal(err)
		}
		defer in.Close()
		resp, err := m.UploadAndImport(ctx, anaplan.Name("Employees.csv"), anaplan.Name("Employees from Employees.csv"), in,
			anaplan.OnProgress(func(done, total int64) { fmt.Fprintf(os.Stderr, "\r%d bytes", done) }))
		fmt.Fprintln(os.Stderr)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("import task", resp.GetTask().GetTaskId(), "successful:", resp.GetTask().GetResult().GetSuccessful())
	}

	if _, err := m.ExportAndDownload(ctx, anaplan.Name("Employees.csv"), os.Stdout); err != nil {
		log.Fatal(err)
	}
}
