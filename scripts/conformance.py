#!/usr/bin/env python3
"""Drives a live `ollama serve` with the official `ollama` and `openai` Python clients.

Covers create/list/show/generate/chat/ps/copy/delete, the OpenAI chat, completions, models and
embeddings routes, `embed`/`embeddings` on an all-MiniLM-L6-v2 model made by `ollama create` from its
safetensors directory, and push/pull through a local plain-HTTP registry (`--registry`, insecure=True).
Every response is parsed by the clients' own types, so a missing or mistyped field fails.
Prints `N passed, N failed` and exits non-zero on any failure.
"""
import argparse
import base64
import glob
import json
import math
import os
import struct
import subprocess
import sys
import traceback
import urllib.request

import ollama
import openai

MODEL = "conformance-smol"
EMBED_MODEL = "conformance-minilm"
EMBED_DIM = 384
GREEDY = {"temperature": 0, "num_predict": 8, "seed": 1}
results = []


def check(name):
    def wrap(fn):
        try:
            fn()
            results.append((name, None))
            print(f"PASS {name}")
        except Exception as error:  # noqa: BLE001 - report every failure and go on
            results.append((name, error))
            print(f"FAIL {name}: {type(error).__name__}: {error}")
            traceback.print_exc(limit=2, file=sys.stdout)
        return fn
    return wrap


def norm(vector):
    return math.sqrt(sum(x * x for x in vector))


def cosine(a, b):
    return sum(x * y for x, y in zip(a, b)) / (norm(a) * norm(b))


def close(a, b, tolerance):
    return len(a) == len(b) and max(abs(x - y) for x, y in zip(a, b)) <= tolerance


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--gguf", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--bin", required=True, help="the ollama binary, for `ollama create` of a safetensors dir")
    parser.add_argument("--minilm", required=True, help="the all-MiniLM-L6-v2 safetensors directory")
    parser.add_argument("--registry", default="", help="host:port of a plain-HTTP registry; empty skips push/pull")
    args = parser.parse_args()
    client = ollama.Client(host=args.host)
    oai = openai.OpenAI(base_url=args.host + "/v1", api_key="ollama", max_retries=0)

    @check("ollama create (blob upload + files)")
    def _():
        digest = client.create_blob(args.gguf)
        assert digest.startswith("sha256:"), digest
        statuses = [p.status for p in client.create(model=MODEL, files={"model.gguf": digest}, stream=True)]
        assert statuses and statuses[-1] == "success", statuses

    @check("ollama list")
    def _():
        models = client.list().models
        names = [m.model for m in models]
        assert f"{MODEL}:latest" in names, names
        m = next(m for m in models if m.model == f"{MODEL}:latest")
        assert m.size and m.size > 0 and m.digest and m.modified_at is not None
        assert m.details is not None and m.details.format == "gguf", m.details

    @check("ollama show")
    def _():
        info = client.show(MODEL)
        assert info.modelfile and info.template is not None
        assert info.details.family, info.details
        assert info.modelinfo and "general.architecture" in info.modelinfo

    @check("ollama generate (not streamed)")
    def _():
        r = client.generate(model=MODEL, prompt="Why is the sky blue?", options=GREEDY)
        assert r.done and r.response and r.eval_count and r.eval_count > 0, r
        assert r.done_reason in ("stop", "length"), r.done_reason
        assert r.context, "context missing"

    @check("ollama generate (streamed)")
    def _():
        parts = list(client.generate(model=MODEL, prompt="Why is the sky blue?", options=GREEDY, stream=True))
        assert parts[-1].done and not any(p.done for p in parts[:-1])
        assert "".join(p.response for p in parts).strip()
        assert parts[-1].eval_count and parts[-1].total_duration

    @check("ollama chat (not streamed)")
    def _():
        r = client.chat(model=MODEL, messages=[{"role": "user", "content": "Hello!"}], options=GREEDY)
        assert r.message.role == "assistant" and r.message.content, r
        assert r.done and r.prompt_eval_count and r.prompt_eval_count > 0

    @check("ollama chat (streamed)")
    def _():
        parts = list(client.chat(model=MODEL, messages=[{"role": "user", "content": "Hello!"}],
                                 options=GREEDY, stream=True))
        assert parts[-1].done and "".join(p.message.content for p in parts).strip()

    @check("ollama ps")
    def _():
        running = client.ps().models
        assert any(m.model == f"{MODEL}:latest" for m in running), running
        m = running[0]
        assert m.size and m.expires_at is not None and m.details is not None

    @check("ollama copy")
    def _():
        client.copy(MODEL, f"{MODEL}-copy")
        assert any(m.model == f"{MODEL}-copy:latest" for m in client.list().models)

    @check("ollama delete")
    def _():
        client.delete(f"{MODEL}-copy")
        assert not any(m.model == f"{MODEL}-copy:latest" for m in client.list().models)

    @check("ollama missing model raises ResponseError 404")
    def _():
        try:
            client.chat(model="no-such-model", messages=[{"role": "user", "content": "x"}])
        except ollama.ResponseError as error:
            assert error.status_code == 404, error.status_code
        else:
            raise AssertionError("no error")

    @check("openai chat.completions (not streamed)")
    def _():
        r = oai.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "Say hello."}],
                                        max_tokens=8, temperature=0, seed=1)
        assert r.object == "chat.completion" and r.id.startswith("chatcmpl-"), r
        assert r.choices[0].message.role == "assistant" and r.choices[0].message.content
        assert r.choices[0].finish_reason in ("stop", "length")
        assert r.usage.completion_tokens > 0 and r.usage.total_tokens == r.usage.prompt_tokens + r.usage.completion_tokens

    @check("openai chat.completions (streamed, include_usage)")
    def _():
        chunks = list(oai.chat.completions.create(
            model=MODEL, messages=[{"role": "system", "content": "Be brief."},
                                   {"role": "user", "content": [{"type": "text", "text": "Say hello."}]}],
            max_tokens=8, temperature=0, stream=True, stream_options={"include_usage": True}))
        assert all(c.object == "chat.completion.chunk" for c in chunks)
        assert chunks[0].choices[0].delta.role == "assistant"
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        assert text.strip(), chunks
        finishes = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
        assert finishes == ["length"] or finishes == ["stop"], finishes
        assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens > 0

    @check("openai chat.completions stop and response_format")
    def _():
        # The JSON constraint itself is the structured-output engine's; here the mapping is accepted.
        r = oai.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "Count: 1, 2, 3,"}],
                                        max_tokens=20, temperature=0, stop=["\n"],
                                        response_format={"type": "json_object"})
        assert "\n" not in r.choices[0].message.content, r.choices[0].message.content
        try:
            oai.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "x"}],
                                        response_format={"type": "yaml"})
        except openai.BadRequestError:
            pass
        else:
            raise AssertionError("bad response_format accepted")

    @check("openai completions")
    def _():
        r = oai.completions.create(model=MODEL, prompt="The capital of France is", max_tokens=6, temperature=0)
        assert r.object == "text_completion" and r.id.startswith("cmpl-"), r
        assert r.choices[0].text and r.choices[0].finish_reason in ("stop", "length")
        assert r.usage.completion_tokens > 0

    @check("openai completions (streamed)")
    def _():
        chunks = list(oai.completions.create(model=MODEL, prompt="The capital of France is", max_tokens=6,
                                             temperature=0, stream=True))
        assert "".join(c.choices[0].text for c in chunks if c.choices).strip()

    @check("openai chat.completions logprobs (not streamed)")
    def _():
        r = oai.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "Say hello."}],
                                        max_tokens=8, temperature=0, logprobs=True, top_logprobs=3)
        content = r.choices[0].logprobs.content
        assert content and len(content) == r.usage.completion_tokens, (content, r.usage)
        assert "".join(t.token for t in content) == r.choices[0].message.content
        for t in content:
            assert t.logprob <= 0 and bytes(t.bytes).decode("utf-8", "replace") == t.token, t
            assert len(t.top_logprobs) == 3 and t.top_logprobs[0].token == t.token, t
            assert t.top_logprobs[0].logprob == t.logprob == max(a.logprob for a in t.top_logprobs), t

    @check("openai chat.completions logprobs (streamed)")
    def _():
        chunks = list(oai.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "Say hello."}], max_tokens=8, temperature=0,
            logprobs=True, top_logprobs=2, stream=True))
        tokens = [t for c in chunks if c.choices and c.choices[0].logprobs for t in c.choices[0].logprobs.content]
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        assert tokens and "".join(t.token for t in tokens) == text, (tokens, text)
        assert all(len(t.top_logprobs) == 2 for t in tokens)
        try:
            oai.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "x"}],
                                        logprobs=True, top_logprobs=21)
        except openai.BadRequestError as error:
            assert "top_logprobs" in str(error), error
        else:
            raise AssertionError("top_logprobs 21 accepted")

    @check("openai completions logprobs (legacy shape)")
    def _():
        r = oai.completions.create(model=MODEL, prompt="The capital of France is", max_tokens=6,
                                   temperature=0, logprobs=2)
        lp = r.choices[0].logprobs
        assert lp.tokens and "".join(lp.tokens) == r.choices[0].text, lp
        assert len(lp.token_logprobs) == len(lp.top_logprobs) == len(lp.text_offset) == len(lp.tokens)
        assert lp.text_offset[0] == 0 and lp.text_offset == sorted(lp.text_offset)
        for token, value, top in zip(lp.tokens, lp.token_logprobs, lp.top_logprobs):
            assert 1 <= len(top) <= 2 and top.get(token) == value == max(top.values()), (token, value, top)

    @check("openai models.list / retrieve")
    def _():
        ids = [m.id for m in oai.models.list().data]
        assert f"{MODEL}:latest" in ids, ids
        m = oai.models.retrieve(f"{MODEL}:latest")
        assert m.object == "model" and m.owned_by == "library" and m.created > 0

    @check("openai missing model raises NotFoundError")
    def _():
        try:
            oai.chat.completions.create(model="no-such-model", messages=[{"role": "user", "content": "x"}])
        except openai.NotFoundError as error:
            assert error.status_code == 404 and "not found" in str(error), error
        else:
            raise AssertionError("no error")

    @check("openai empty messages raises BadRequestError")
    def _():
        try:
            oai.chat.completions.create(model=MODEL, messages=[])
        except openai.BadRequestError as error:
            assert "too short" in str(error), error
        else:
            raise AssertionError("no error")

    @check("ollama CLI create (safetensors dir, embedding model)")
    def _():
        modelfile = os.path.join(args.workdir, "Modelfile.minilm")
        with open(modelfile, "w") as f:
            f.write(f"FROM {args.minilm}\n")
        env = dict(os.environ, OLLAMA_HOST=args.host)
        done = subprocess.run([args.bin, "create", EMBED_MODEL, "-f", modelfile], env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (done.returncode, done.stdout[-500:], done.stderr[-500:])
        assert any(m.model == f"{EMBED_MODEL}:latest" for m in client.list().models)
        assert client.show(EMBED_MODEL).details.family, "no family"

    texts = ["The sky is blue because of Rayleigh scattering.", "Why is the sky blue?", "Bananas are yellow fruit."]
    shared = {}  # values later checks compare against

    @check("ollama embed (batch, normalised)")
    def _():
        r = client.embed(model=EMBED_MODEL, input=texts)
        assert r.model and r.prompt_eval_count and r.prompt_eval_count > 0, r
        assert len(r.embeddings) == len(texts), len(r.embeddings)
        for v in r.embeddings:
            assert len(v) == EMBED_DIM and all(isinstance(x, float) for x in v), len(v)
            assert abs(norm(v) - 1) < 1e-3, norm(v)
        # Related sentences lie closer than unrelated ones.
        assert cosine(r.embeddings[0], r.embeddings[1]) > cosine(r.embeddings[0], r.embeddings[2]) + 0.1
        shared["batch"] = [list(v) for v in r.embeddings]

    @check("ollama embed (single string = batch entry)")
    def _():
        r = client.embed(model=EMBED_MODEL, input=texts[1])
        assert len(r.embeddings) == 1 and len(r.embeddings[0]) == EMBED_DIM
        assert abs(norm(r.embeddings[0]) - 1) < 1e-3
        assert close(r.embeddings[0], shared["batch"][1], 1e-4), "single differs from batch"

    @check("ollama embeddings (legacy)")
    def _():
        r = client.embeddings(model=EMBED_MODEL, prompt=texts[1])
        assert len(r.embedding) == EMBED_DIM, len(r.embedding)
        assert cosine(r.embedding, shared["batch"][1]) > 0.999

    @check("openai embeddings.create (float)")
    def _():
        r = oai.embeddings.create(model=EMBED_MODEL, input=texts[:2], encoding_format="float")
        assert r.object == "list" and r.model and r.usage.prompt_tokens > 0, r
        assert [d.index for d in r.data] == [0, 1] and all(d.object == "embedding" for d in r.data)
        for d, expected in zip(r.data, shared["batch"]):
            assert len(d.embedding) == EMBED_DIM and close(d.embedding, expected, 1e-4)
        shared["openai"] = list(r.data[0].embedding)

    @check("openai embeddings.create (client default: base64 decoded by the client)")
    def _():
        r = oai.embeddings.create(model=EMBED_MODEL, input=texts[0])
        assert len(r.data) == 1 and len(r.data[0].embedding) == EMBED_DIM
        assert close(list(r.data[0].embedding), shared["openai"], 1e-6)

    @check("openai embeddings.create (encoding_format=base64)")
    def _():
        r = oai.embeddings.create(model=EMBED_MODEL, input=texts[0], encoding_format="base64")
        encoded = r.data[0].embedding
        assert isinstance(encoded, str), type(encoded)
        raw = base64.b64decode(encoded)
        assert len(raw) == 4 * EMBED_DIM, len(raw)
        assert close(list(struct.unpack(f"<{EMBED_DIM}f", raw)), shared["openai"], 1e-6)

    def curl_json(path, body=None):
        """What `curl http://…/v1/… -H "Content-Type: application/json" -d '{…}'` receives."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(args.host + path, data=data, method="GET" if body is None else "POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as answer:
            assert answer.status == 200, answer.status
            assert answer.headers.get("Content-Type", "").startswith("application/json"), answer.headers.get("Content-Type")
            return json.loads(answer.read())

    @check("curl examples of ollama's OpenAI-compatibility doc (chat, completions, models, embeddings)")
    def _():
        chat = curl_json("/v1/chat/completions", {"model": MODEL, "messages": [
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": "Hello!"}], "max_tokens": 16})
        assert chat["object"] == "chat.completion" and chat["id"].startswith("chatcmpl-"), chat
        message = chat["choices"][0]["message"]
        assert message["role"] == "assistant" and isinstance(message["content"], str) and message["content"], message
        assert chat["usage"]["prompt_tokens"] > 0 and chat["usage"]["completion_tokens"] > 0, chat["usage"]
        completion = curl_json("/v1/completions", {"model": MODEL, "prompt": "Say this is a test", "max_tokens": 8})
        assert completion["object"] == "text_completion" and isinstance(completion["choices"][0]["text"], str), completion
        models = curl_json("/v1/models")
        assert models["object"] == "list" and any(m["id"].startswith(MODEL) for m in models["data"]), models
        one = curl_json(f"/v1/models/{MODEL}")
        assert one["object"] == "model" and one["id"].startswith(MODEL), one
        vectors = curl_json("/v1/embeddings", {"model": EMBED_MODEL,
                                               "input": ["why is the sky blue?", "why is the grass green?"]})
        assert vectors["object"] == "list" and [d["index"] for d in vectors["data"]] == [0, 1], vectors.keys()
        assert all(len(d["embedding"]) == EMBED_DIM for d in vectors["data"])

    @check("ollama delete (embedding model)")
    def _():
        client.delete(EMBED_MODEL)
        assert not any(m.model == f"{EMBED_MODEL}:latest" for m in client.list().models)

    remote = f"{args.registry}/library/smol:latest"
    models_dir = os.path.join(args.workdir, "models")
    blobs = os.path.join(models_dir, "blobs")
    if args.registry:
        @check("ollama push (local docker-registry, insecure)")
        def _():
            client.copy(MODEL, remote)
            statuses = [p.status for p in client.push(remote, insecure=True, stream=True)]
            assert statuses and statuses[-1] == "success", statuses
            shared["digest"] = next(m.digest for m in client.list().models if m.model == remote)
            paths = glob.glob(os.path.join(glob.escape(models_dir), "manifests", "*", "library", "smol", "latest"))
            assert len(paths) == 1, paths
            with open(paths[0]) as f:
                manifest = json.load(f)
            shared["layers"] = [manifest["config"]["digest"]] + [layer["digest"] for layer in manifest["layers"]]
            # The registry now holds every layer.
            for digest in shared["layers"]:
                url = f"http://{args.registry}/v2/library/smol/blobs/{digest}"
                with urllib.request.urlopen(urllib.request.Request(url, method="HEAD")) as answer:
                    assert answer.status == 200, (digest, answer.status)
    else:
        print("SKIP ollama push / pull: docker-registry is not installed (apt-get install docker-registry)")

    @check("ollama delete (created model)")
    def _():
        client.delete(MODEL)
        assert not any(m.model == f"{MODEL}:latest" for m in client.list().models)

    if args.registry:
        @check("ollama pull (local docker-registry, insecure) + generate")
        def _():
            client.delete(remote)
            assert not client.list().models, client.list().models
            # The delete pruned the pushed layers, so the pull below really downloads them.
            kept = [d for d in shared["layers"] if os.path.exists(os.path.join(blobs, d.replace(":", "-")))]
            assert not kept, kept
            statuses = [p.status for p in client.pull(remote, insecure=True, stream=True)]
            assert statuses and statuses[-1] == "success", statuses
            m = next(m for m in client.list().models if m.model == remote)
            assert m.digest == shared["digest"], (m.digest, shared["digest"])
            r = client.generate(model=remote, prompt="Why is the sky blue?", options=GREEDY)
            assert r.done and r.response.strip() and r.eval_count > 0, r
            client.delete(remote)

    failed = sum(1 for _, e in results if e is not None)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
