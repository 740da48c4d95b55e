package anaplan_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplan"
)

// The examples compile as part of the tests; they need a running service to
// do anything, so they have no Output: comment and are not run.

func Example() {
	ctx := context.Background()
	client, err := anaplan.New("localhost:50051")
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	model := client.WithModel("8a868cd985f53e7701860542f59e276e", "75A40874E6B64FA3AE0743278996850F")
	files, err := model.GetFiles(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range files {
		fmt.Println(f.GetId(), f.GetName())
	}
}

func ExampleModelClient_UploadAndImport() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	client, err := anaplan.New("anaplan-grpc.example.com:443",
		anaplan.WithTLS(nil), anaplan.WithAnaplanToken(os.Getenv("ANAPLAN_TOKEN")))
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	model := client.WithModel("8a868cd985f53e7701860542f59e276e", "75A40874E6B64FA3AE0743278996850F")

	f, err := os.Open("employees.csv")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	resp, err := model.UploadAndImport(ctx, anaplan.Name("Employees.csv"), anaplan.Name("Employees from Employees.csv"), f)
	var aerr *anaplan.Error
	switch {
	case errors.Is(err, anaplan.ErrTaskFailed) && errors.As(err, &aerr):
		fmt.Println("import failed, task", aerr.TaskStatus.GetTaskId())
		_, _ = model.GetImportDump(ctx, anaplan.Name("Employees from Employees.csv"), aerr.TaskStatus.GetTaskId(), os.Stdout)
	case err != nil:
		log.Fatal(err)
	default:
		fmt.Println("imported; task", resp.GetTask().GetTaskId())
	}
}

func ExampleModelClient_ExportAndDownload() {
	ctx := context.Background()
	client, _ := anaplan.New("localhost:50051")
	defer client.Close()
	model := client.WithModel("8a868cd985f53e7701860542f59e276e", "75A40874E6B64FA3AE0743278996850F")

	out, err := os.Create("sales.csv")
	if err != nil {
		log.Fatal(err)
	}
	defer out.Close()
	res, err := model.ExportAndDownload(ctx, anaplan.ID(116000000001), out)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", res.Written, "bytes")
}

func ExampleModelClient_WatchTask() {
	ctx := context.Background()
	client, _ := anaplan.New("localhost:50051")
	defer client.Close()
	model := client.WithModel("8a868cd985f53e7701860542f59e276e", "75A40874E6B64FA3AE0743278996850F")

	task, err := model.RunAction(ctx, anaplan.Name("Load Employees and Sales"), anaplan.NoWait())
	if err != nil {
		log.Fatal(err)
	}
	for st, err := range model.WatchTask(ctx, anaplan.ID(118000000000), task.GetTaskId()) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s %.0f%%\n", st.GetTaskState(), st.GetProgress()*100)
	}
}

func ExampleError() {
	client, _ := anaplan.New("localhost:50051")
	defer client.Close()
	_, err := client.WithModel("ws", "model").RunAction(context.Background(), anaplan.ID(112999999999))
	var aerr *anaplan.Error
	if errors.As(err, &aerr) {
		fmt.Println(aerr.Code, aerr.Reason, aerr.HTTPStatus, aerr.RequestID)
	}
	if errors.Is(err, anaplan.ErrNotFound) {
		fmt.Println("no such action")
	}
}
