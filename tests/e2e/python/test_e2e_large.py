"""A 200 MB streamed upload. Marked `large`: runs by default, select it with
``-m large`` or leave it out with ``-m "not large"``."""

import hashlib
import time

import pytest

from e2e_support import EMPLOYEES_FILE, deterministic_csv

SIZE = 200 * 1000 * 1000
CHUNK = 25_000_000


@pytest.mark.large
def test_200mb_streamed_upload(client, emu, service_process, emulator_process, capsys):
    digest = hashlib.sha256()
    produced = 0

    def source():
        nonlocal produced
        for block in deterministic_csv(SIZE, block_rows=5000):
            digest.update(block)
            produced += len(block)
            yield block

    rss_before = service_process.peak_rss_kib()
    start = time.monotonic()
    resp = client.upload_file_stream(EMPLOYEES_FILE, source(), chunk_size=CHUNK)
    elapsed = time.monotonic() - start
    rss_peak = service_process.peak_rss_kib()

    assert produced == SIZE
    info = emu.file_info(EMPLOYEES_FILE)
    assert info["size"] == SIZE
    assert info["sha256"] == digest.hexdigest()
    assert info["complete_calls"] == 1
    assert info["chunkCount"] == SIZE // CHUNK
    assert resp.bytes_received == SIZE and resp.sha256 == digest.hexdigest()
    assert resp.chunks_uploaded == SIZE // CHUNK
    with capsys.disabled():
        print("\n[large] 200 MB upload: %.2f s (%.1f MB/s); service VmHWM %s KiB "
              "(before %s KiB); emulator VmHWM %s KiB" % (
                  elapsed, SIZE / 1e6 / elapsed, rss_peak, rss_before,
                  emulator_process.peak_rss_kib()))
