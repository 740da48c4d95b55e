package anaplan

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"iter"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

// Download describes a completed download.
type Download struct {
	// File is the file as Anaplan lists it (nil when the service sent none).
	File *anaplanv1.File
	// TotalSize is the size the service announced, -1 when unknown.
	TotalSize int64
	// Written is the number of bytes written to the io.Writer.
	Written int64
}

// ExportResult is what ExportAndDownload returns.
type ExportResult struct {
	// Task is the completed export task.
	Task *anaplanv1.TaskStatus
	Download
}

func (m *ModelClient) uploadHeader(file Ref, o *callOptions) *anaplanv1.UploadHeader {
	return &anaplanv1.UploadHeader{
		WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, File: file.Proto(),
		ChunkSize: o.chunkSize, Parallelism: o.parallelism, AllowFileCreation: o.allowCreation,
		CompressionLevel: o.compressionLevel, ExpectedSize: o.expectedSize, ExpectedSha256: o.expectedSHA256,
	}
}

// sendAll reads r in messages of size bytes and sends each. It returns the
// bytes sent and the lower-case hex SHA-256 of them. sendErr reports a send
// failure (the server ended the stream: its status comes with the
// response); readErr an error of r, or ctx's error when ctx ends first.
//
// Reading runs on its own goroutine, at most two messages ahead, so that a
// Read that blocks cannot outlive ctx (the goroutine then ends with that
// Read) and reading overlaps sending.
func sendAll(ctx context.Context, r io.Reader, size int, o *callOptions, send func([]byte) error) (n int64, sum string, sendErr, readErr error) {
	type piece struct {
		data []byte
		err  error
	}
	pieces := make(chan piece, 2)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			// A fresh buffer per message: gRPC may hold a sent message.
			buf := make([]byte, size)
			k, err := io.ReadFull(r, buf)
			if err == io.ErrUnexpectedEOF {
				err = io.EOF
			}
			select {
			case pieces <- piece{buf[:k], err}:
			case <-stop:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	h := sha256.New()
	total := int64(-1)
	if o.expectedSize != nil {
		total = *o.expectedSize
	}
	for {
		var p piece
		select {
		case p = <-pieces:
		case <-ctx.Done():
			return n, "", nil, ctx.Err()
		}
		if len(p.data) > 0 {
			h.Write(p.data)
			if serr := send(p.data); serr != nil {
				return n, "", serr, nil
			}
			n += int64(len(p.data))
			if o.progress != nil {
				o.progress(n, total)
			}
		}
		if p.err == io.EOF {
			return n, hexSum(h), nil, nil
		}
		if p.err != nil {
			return n, "", nil, p.err
		}
	}
}

func readError(err error) error {
	if err == context.Canceled || err == context.DeadlineExceeded {
		return FromError(err, nil)
	}
	return fmt.Errorf("anaplan: reading upload data: %w", err)
}

func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

// UploadFile uploads everything r yields as the content of a file
// (upload_file, upload_file_stream). It streams in messages of 256 KiB (see
// WithMessageSize), so memory stays bounded whatever the size. When r fails
// or ctx ends, the stream is cancelled and the service never completes the
// file. After the upload the SHA-256 of the bytes read is compared with the
// service's (DATA_LOSS on mismatch) unless SkipChecksum.
// Options: ChunkSize, Parallelism, AllowFileCreation, CompressionLevel,
// ExpectedSize, ExpectedSHA256, OnProgress, SkipChecksum.
func (m *ModelClient) UploadFile(ctx context.Context, file Ref, r io.Reader, opts ...CallOption) (*anaplanv1.UploadFileResponse, error) {
	o := collect(opts)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := m.bulk().UploadFile(ctx)
	if err != nil {
		return nil, FromError(err, nil)
	}
	header := &anaplanv1.UploadFileRequest{Message: &anaplanv1.UploadFileRequest_Header{Header: m.uploadHeader(file, &o)}}
	if err := stream.Send(header); err != nil && err != io.EOF {
		return nil, FromError(err, nil)
	}
	_, sum, sendErr, readErr := sendAll(ctx, r, m.c.opts.messageSize, &o, func(b []byte) error {
		return stream.Send(&anaplanv1.UploadFileRequest{Message: &anaplanv1.UploadFileRequest_Data{Data: b}})
	})
	if readErr != nil {
		cancel() // never let the service complete a file we could not read
		return nil, readError(readErr)
	}
	if sendErr != nil && sendErr != io.EOF {
		return nil, FromError(sendErr, stream.Trailer())
	}
	resp, err := stream.CloseAndRecv()
	if err != nil {
		return nil, FromError(err, stream.Trailer())
	}
	if sendErr == nil && !o.skipVerify {
		if err := verifySum(sum, resp.GetSha256()); err != nil {
			return resp, err
		}
	}
	return resp, nil
}

func verifySum(local, remote string) error {
	if remote == "" || remote == local {
		return nil
	}
	return &Error{Code: codes.DataLoss, ChunkIndex: -1, Domain: ErrorDomain, Reason: "CHECKSUM_MISMATCH",
		Message: fmt.Sprintf("the service received SHA-256 %s, the client sent %s", remote, local)}
}

// UploadAndImport uploads r as the content of file, then runs the import
// (upload_and_import). A task that ends unsuccessfully returns an *Error
// matching ErrTaskFailed with its TaskStatus, unless StatusOnly.
// Options: those of UploadFile, and NoWait, StatusOnly, PollInterval.
func (m *ModelClient) UploadAndImport(ctx context.Context, file, imp Ref, r io.Reader, opts ...CallOption) (*anaplanv1.UploadAndImportResponse, error) {
	o := collect(opts)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := m.bulk().UploadAndImport(ctx)
	if err != nil {
		return nil, FromError(err, nil)
	}
	header := &anaplanv1.UploadAndImportRequest{Message: &anaplanv1.UploadAndImportRequest_Header{Header: &anaplanv1.UploadAndImportHeader{
		Upload: m.uploadHeader(file, &o), Action: imp.Proto(),
		WaitForCompletion: o.wait(), StatusOnly: o.statusOnly, PollInterval: o.poll(),
	}}}
	if err := stream.Send(header); err != nil && err != io.EOF {
		return nil, FromError(err, nil)
	}
	_, sum, sendErr, readErr := sendAll(ctx, r, m.c.opts.messageSize, &o, func(b []byte) error {
		return stream.Send(&anaplanv1.UploadAndImportRequest{Message: &anaplanv1.UploadAndImportRequest_Data{Data: b}})
	})
	if readErr != nil {
		cancel()
		return nil, readError(readErr)
	}
	if sendErr != nil && sendErr != io.EOF {
		return nil, FromError(sendErr, stream.Trailer())
	}
	resp, err := stream.CloseAndRecv()
	if err != nil {
		return nil, FromError(err, stream.Trailer())
	}
	if sendErr == nil && !o.skipVerify {
		if err := verifySum(sum, resp.GetUpload().GetSha256()); err != nil {
			return resp, err
		}
	}
	return resp, nil
}

// FileChunks yields the pieces of a file in order (get_file_stream). The
// first carries the file's metadata and total size. Breaking out of the
// loop cancels the download. Options: BatchSize.
func (m *ModelClient) FileChunks(ctx context.Context, file Ref, opts ...CallOption) iter.Seq2[*anaplanv1.FileChunk, error] {
	o := collect(opts)
	req := &anaplanv1.GetFileRequest{WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, File: file.Proto(), BatchSize: o.batchSize}
	return streamSeq(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[anaplanv1.FileChunk], error) {
		return m.bulk().GetFile(ctx, req)
	})
}

// GetFile downloads a file to w (get_file) holding one message at a time in
// memory. It checks that pieces arrive in order and that the size matches
// the announced total. Options: BatchSize, OnProgress.
func (m *ModelClient) GetFile(ctx context.Context, file Ref, w io.Writer, opts ...CallOption) (*Download, error) {
	o := collect(opts)
	d := &Download{TotalSize: -1}
	first := true
	for chunk, err := range m.FileChunks(ctx, file, opts...) {
		if err != nil {
			return d, err
		}
		if err := d.add(chunk, first, w, &o); err != nil {
			return d, err
		}
		first = false
	}
	return d, d.finish()
}

func (d *Download) add(chunk *anaplanv1.FileChunk, first bool, w io.Writer, o *callOptions) error {
	if first {
		d.File = chunk.GetFile()
		d.TotalSize = chunk.GetTotalSize()
		if d.File == nil && d.TotalSize == 0 && len(chunk.GetData()) > 0 {
			d.TotalSize = -1 // an old server that sends no metadata
		}
	}
	if len(chunk.GetData()) == 0 {
		return nil
	}
	if chunk.GetOffset() != d.Written {
		return &Error{Code: codes.DataLoss, ChunkIndex: chunk.GetChunkIndex(), Domain: ErrorDomain,
			Message: fmt.Sprintf("download piece at offset %d, expected %d", chunk.GetOffset(), d.Written)}
	}
	k, err := w.Write(chunk.GetData())
	d.Written += int64(k)
	if err != nil {
		return fmt.Errorf("anaplan: writing download: %w", err)
	}
	if o.progress != nil {
		o.progress(d.Written, d.TotalSize)
	}
	return nil
}

func (d *Download) finish() error {
	if d.TotalSize >= 0 && d.Written != d.TotalSize {
		return &Error{Code: codes.DataLoss, ChunkIndex: -1, Domain: ErrorDomain,
			Message: fmt.Sprintf("download ended after %d of %d bytes", d.Written, d.TotalSize)}
	}
	return nil
}

// ExportAndDownload runs an export and writes its output file to w
// (export_and_download). Options: BatchSize, PollInterval, OnProgress.
func (m *ModelClient) ExportAndDownload(ctx context.Context, export Ref, w io.Writer, opts ...CallOption) (*ExportResult, error) {
	o := collect(opts)
	req := &anaplanv1.ExportAndDownloadRequest{
		WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, Action: export.Proto(), BatchSize: o.batchSize, PollInterval: o.poll(),
	}
	res := &ExportResult{Download: Download{TotalSize: -1}}
	first := true
	for msg, err := range streamSeq(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[anaplanv1.ExportAndDownloadResponse], error) {
		return m.bulk().ExportAndDownload(ctx, req)
	}) {
		if err != nil {
			return res, err
		}
		if t := msg.GetTask(); t != nil {
			res.Task = t
			continue
		}
		if chunk := msg.GetChunk(); chunk != nil {
			if err := res.add(chunk, first, w, &o); err != nil {
				return res, err
			}
			first = false
		}
	}
	if res.Task != nil && TaskFailed(res.Task) {
		return res, taskFailedError(res.Task)
	}
	return res, res.finish()
}

// DeleteFile deletes the uploaded content of a file; the file object stays
// (delete_file).
func (m *ModelClient) DeleteFile(ctx context.Context, file Ref) error {
	_, err := unary(ctx, m.bulk().DeleteFile, &anaplanv1.DeleteFileRequest{WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, File: file.Proto()})
	return err
}
