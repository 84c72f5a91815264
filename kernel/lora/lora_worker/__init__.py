"""The payback LoRA worker: a PyTorch process spoken to over stdio JSON lines.

One module per concept:

- ``main``: entry point (stdio setup, thread count, serve loop);
- ``transport``: writing protocol lines on the real stdout;
- ``server``: reading requests, the job queue, cancellation, dispatch;
- ``schema``: the protocol schema (``kernel/lora/protocol.schema.json``) and its validator;
- ``errors``: ``WorkerError``, the one structured failure every command raises;
- ``state``: the models and datasets the worker holds by name;
- ``commands``: one handler per protocol command;
- ``device``: device choice, mixed precision, memory figures;
- ``model``: small transformers built from standard torch modules;
- ``lora``: LoRA layers, injection into target modules, parameter selection;
- ``safetensors_io``, ``adapters``: the safetensors file format and PEFT's adapter layout;
- ``tokenizer``, ``datasets``, ``synthetic``: turning inputs into padded batches;
- ``training``, ``checkpoints``, ``rng``: the seeded, resumable training loop;
- ``inference``: prediction, greedy generation, evaluation;
- ``fingerprint``: SHA-256 of base and adapter weights.

The code keeps to the torch 1.13 API (Debian 12's python3-torch) so that the same path runs on
CPU there and on CUDA with torch 2.x.
"""

#: Version of the protocol in kernel/lora/protocol.schema.json this worker speaks.
PROTOCOL_VERSION = 1
