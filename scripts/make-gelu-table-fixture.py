"""Writes llama.cpp's f16 GELU table (ggml_table_gelu_f16, 65,536 little-endian uint16) as a fixture.

ggml's CPU backend evaluates GELU (and GEGLU, Gemma's feed-forward gate) by rounding x to f16 and
reading gelu(x) from this table, which `ggml_cpu_init` fills. Run with the reference venv:

    ~/.cache/ollama-swift/venv/bin/python scripts/make-gelu-table-fixture.py \
        Tests/EngineTests/Fixtures/gelu-f16-table.bin
"""
import ctypes
import pathlib
import sys

import llama_cpp

lib_dir = pathlib.Path(llama_cpp.__file__).parent / "lib"
cpu = ctypes.CDLL(str(lib_dir / "libggml-cpu.so"), mode=ctypes.RTLD_GLOBAL)
cpu.ggml_cpu_init()
table = (ctypes.c_uint16 * 65536).in_dll(cpu, "ggml_table_gelu_f16")
pathlib.Path(sys.argv[1]).write_bytes(bytes(table))
