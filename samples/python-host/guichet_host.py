#!/usr/bin/env python3
"""A Guichet host in Python using only the C API of libguichet (runtime.h), through ctypes.

Usage: guichet_host.py --lib path/to/libguichet.so --plugins path/to/plugins [--message TEXT]

Loads the plugins, lists the services, opens a session, makes a synchronous call and an
asynchronous one (callback), shows how an error names its faulty field, and uses the outbox
(outbox.h): a submission stored before it is sent, listed, inspected and cancelled.
"""
import argparse
import ctypes as C
import json
import sys
import threading

GUICHET_OK = 0


class Version(C.Structure):
    _fields_ = [("major", C.c_uint32), ("minor", C.c_uint32), ("patch", C.c_uint32), ("reserved", C.c_uint32)]


class Str(C.Structure):
    _fields_ = [("ptr", C.c_void_p), ("len", C.c_uint64)]

    def text(self):
        return C.string_at(self.ptr, self.len).decode("utf-8") if self.ptr else ""


class Error(C.Structure):
    _fields_ = [("struct_size", C.c_uint32), ("status", C.c_int32), ("message", Str), ("remote_code", Str),
                ("http_status", C.c_int32), ("retryable", C.c_uint32), ("field", Str)]


LOG_FN = C.CFUNCTYPE(None, C.c_void_p, C.c_int32, C.c_char_p, C.c_char_p)
SECRET_FN = C.CFUNCTYPE(C.c_int32, C.c_void_p, C.c_char_p, C.c_char_p, C.c_char_p, C.c_uint32)
TIME_FN = C.CFUNCTYPE(C.c_int64, C.c_void_p)
REDACT_FN = C.CFUNCTYPE(C.c_int32, C.c_void_p, C.c_char_p, C.c_char_p, C.c_uint32)
DONE_FN = C.CFUNCTYPE(None, C.c_void_p, C.c_void_p)


class RuntimeConfig(C.Structure):
    _fields_ = [("struct_size", C.c_uint32), ("worker_threads", C.c_uint32),
                ("software_name", C.c_char_p), ("software_version", C.c_char_p),
                ("authorisation_number", C.c_char_p), ("software_instance_id", C.c_char_p),
                ("ca_bundle_path", C.c_char_p), ("data_dir", C.c_char_p), ("proxy_url", C.c_char_p),
                ("log", LOG_FN), ("log_user_data", C.c_void_p), ("log_level", C.c_int32),
                ("log_patient_data", C.c_uint32), ("secret", SECRET_FN), ("secret_user_data", C.c_void_p),
                ("wall_clock_ns", TIME_FN), ("monotonic_clock_ns", TIME_FN), ("clock_user_data", C.c_void_p),
                ("redact", REDACT_FN), ("redact_user_data", C.c_void_p)]


class ServiceInfo(C.Structure):
    _fields_ = [("struct_size", C.c_uint32), ("operation_count", C.c_uint32), ("id", C.c_char_p),
                ("display_name", C.c_char_p), ("plugin_path", C.c_char_p), ("plugin_version", Version)]


class SubmitOptions(C.Structure):
    _fields_ = [("struct_size", C.c_uint32), ("deadline_ms", C.c_uint32), ("patient_reference", C.c_char_p)]


class GuichetError(Exception):
    def __init__(self, lib, status, error_ptr):
        self.status = lib.guichet_status_name(status).decode()
        detail = error_ptr.contents if error_ptr else None
        self.message = detail.message.text() if detail else ""
        self.field = detail.field.text() if detail else ""
        super().__init__(f"{self.status}: {self.message}" + (f" (field {self.field})" if self.field else ""))


def bind(path):
    lib = C.CDLL(path)
    P = C.c_void_p
    lib.guichet_status_name.restype = C.c_char_p
    lib.guichet_status_name.argtypes = [C.c_int32]
    lib.guichet_last_error.restype = C.POINTER(Error)
    lib.guichet_runtime_create.argtypes = [C.POINTER(RuntimeConfig), C.POINTER(P)]
    lib.guichet_runtime_destroy.argtypes = [P]
    lib.guichet_runtime_add_plugin_dir.argtypes = [P, C.c_char_p]
    lib.guichet_runtime_service_count.argtypes = [P]
    lib.guichet_runtime_service_count.restype = C.c_uint32
    lib.guichet_runtime_service_at.argtypes = [P, C.c_uint32, C.POINTER(ServiceInfo)]
    lib.guichet_session_open.argtypes = [P, C.c_char_p, C.c_uint64, C.POINTER(P)]
    lib.guichet_session_close.argtypes = [P]
    lib.guichet_call.argtypes = [P, C.c_char_p, C.c_char_p, C.c_char_p, C.c_uint64, C.c_uint32, C.POINTER(P)]
    lib.guichet_call_async.argtypes = [P, C.c_char_p, C.c_char_p, C.c_char_p, C.c_uint64, C.c_uint32, DONE_FN, P,
                                       C.POINTER(P)]
    lib.guichet_pending_call_free.argtypes = [P]
    lib.guichet_result_status.argtypes = [P]
    lib.guichet_result_json.argtypes = [P, C.POINTER(C.c_uint64)]
    lib.guichet_result_json.restype = C.c_char_p
    lib.guichet_result_error.argtypes = [P]
    lib.guichet_result_error.restype = C.POINTER(Error)
    lib.guichet_result_free.argtypes = [P]
    # outbox.h (ABI 1.3)
    lib.guichet_submit.argtypes = [P, C.c_char_p, C.c_char_p, C.c_char_p, C.c_uint64, C.POINTER(SubmitOptions),
                                   C.POINTER(P)]
    lib.guichet_result_submission_id.argtypes = [P]
    lib.guichet_result_submission_id.restype = C.c_char_p
    lib.guichet_outbox_list.argtypes = [P, C.c_char_p, C.c_uint64, C.POINTER(P)]
    lib.guichet_outbox_get.argtypes = [P, C.c_char_p, C.POINTER(P)]
    return lib


def call(lib, session, service, operation, request, deadline_ms=5000):
    body = json.dumps(request).encode()
    result = C.c_void_p()
    status = lib.guichet_call(session, service.encode(), operation.encode(), body, len(body), deadline_ms,
                              C.byref(result))
    try:
        if status != GUICHET_OK:
            raise GuichetError(lib, status, lib.guichet_result_error(result))
        return json.loads(lib.guichet_result_json(result, None))
    finally:
        lib.guichet_result_free(result)


def result_json(lib, status, result):
    try:
        if status != GUICHET_OK:
            raise GuichetError(lib, status, lib.guichet_last_error())
        return json.loads(lib.guichet_result_json(result, None))
    finally:
        lib.guichet_result_free(result)


def outbox_demo(lib, runtime, session):
    """A submission through the outbox. This session names no endpoint for soap-echo/1, so the
    attempt is refused (final, never retried): the submission was stored first all the same, and
    the outbox keeps its history; guichet_outbox_retry/_cancel act on queued or failed ones."""
    body = json.dumps({"message": "avis d'arrêt de travail"}).encode()
    options = SubmitOptions(C.sizeof(SubmitOptions), 5000, b"dossier-4711")
    result = C.c_void_p()
    status = lib.guichet_submit(session, b"soap-echo/1", b"submit", body, len(body), C.byref(options),
                                C.byref(result))
    submission_id = lib.guichet_result_submission_id(result)
    lib.guichet_result_free(result)
    print("outbox: submit ->", lib.guichet_status_name(status).decode(), "submission", submission_id.decode())
    listing = C.c_void_p()
    query = json.dumps({"patient_reference": "dossier-4711"}).encode()
    rows = result_json(lib, lib.guichet_outbox_list(runtime, query, len(query), C.byref(listing)), listing)
    print("outbox: listed", [(row["state"], row["attempts"]) for row in rows["submissions"]])
    one = C.c_void_p()
    row = result_json(lib, lib.guichet_outbox_get(runtime, submission_id, C.byref(one)), one)
    print("outbox: kept with its request:", row["request"]["message"], "| for the doctor:",
          row["last_error"]["user_message"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lib", required=True)
    parser.add_argument("--plugins", required=True)
    parser.add_argument("--message", default="bonjour depuis Python")
    args = parser.parse_args()
    lib = bind(args.lib)

    config = RuntimeConfig()
    config.struct_size = C.sizeof(RuntimeConfig)
    config.software_name = b"Guichet Python host sample"
    config.software_version = b"1.0"
    config.authorisation_number = b"SAMPLE-0002"
    runtime = C.c_void_p()
    if lib.guichet_runtime_create(C.byref(config), C.byref(runtime)) != GUICHET_OK:
        sys.exit(f"runtime: {lib.guichet_last_error().contents.message.text()}")
    session = C.c_void_p()
    try:
        lib.guichet_runtime_add_plugin_dir(runtime, args.plugins.encode())
        for i in range(lib.guichet_runtime_service_count(runtime)):
            info = ServiceInfo()
            info.struct_size = C.sizeof(ServiceInfo)
            lib.guichet_runtime_service_at(runtime, i, C.byref(info))
            print(f"service {info.id.decode()} ({info.display_name.decode()}), {info.operation_count} operation(s)")

        lib.guichet_session_open(runtime, b"{}", 2, C.byref(session))
        print("sync:", call(lib, session, "echo/1", "echo", {"message": args.message}))

        finished = threading.Event()
        outcome = {}

        @DONE_FN
        def done(_user, result):
            outcome["status"] = lib.guichet_status_name(lib.guichet_result_status(result)).decode()
            outcome["json"] = json.loads(lib.guichet_result_json(result, None))
            finished.set()

        body = json.dumps({}).encode()
        pending = C.c_void_p()
        lib.guichet_call_async(session, b"clock/1", b"now", body, len(body), 5000, done, None, C.byref(pending))
        if not finished.wait(10):
            sys.exit("asynchronous call did not complete")
        lib.guichet_pending_call_free(pending)
        print("async:", outcome["status"], outcome["json"]["utc"])

        try:
            call(lib, session, "echo/1", "echo", {"text": "no message field"})
        except GuichetError as e:
            print("error as expected:", e)

        outbox_demo(lib, runtime, session)
    finally:
        if session:
            lib.guichet_session_close(session)
        lib.guichet_runtime_destroy(runtime)


if __name__ == "__main__":
    main()
