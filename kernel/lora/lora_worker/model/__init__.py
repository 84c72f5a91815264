"""Small transformers built from standard torch modules (Embedding, Linear, LayerNorm, Dropout).

Module names follow Hugging Face conventions (``layers.0.self_attn.q_proj``, ``mlp.fc1``,
``classifier``, ``lm_head``) so that PEFT-style ``target_modules`` such as ``["q_proj", "v_proj"]``
mean what they mean elsewhere.
"""

from .build import build_model, normalize_config, task_loss

__all__ = ['build_model', 'normalize_config', 'task_loss']
