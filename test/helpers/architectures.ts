// Small architectures whose parameter counts are worked out by hand, shared by the estimator tests.
import type { Architecture } from '../../src/training/index.js'

/**
 * 2 blocks, h = 8, i = 16, 2 heads of d = 4, 1 kv head, V = 10, untied, gated MLP.
 * Per block: q 8x8 = 64, k 8x4 = 32, v 8x4 = 32, o 8x8 = 64, gate 8x16 = 128, up 128,
 * down 16x8 = 128 -> 576 linear weights; 2 norms x 8 = 16; block = 592.
 * Total = 10x8 embedding + 10x8 head + 2 x 592 + 8 final norm = 80 + 80 + 1184 + 8 = 1352.
 */
export const tiny: Architecture = {
  name: 'tiny',
  layers: 2,
  hidden: 8,
  intermediate: 16,
  heads: 2,
  kvHeads: 1,
  vocab: 10,
  tiedEmbeddings: false,
  mlp: 'gated',
}

/**
 * 1 block, h = i = 1000, 10 heads, standard MLP, V = 1000, untied: matmul parameters
 * 4 x 1e6 (attention) + 2 x 1e6 (up, down) + 1e6 (output head) = 7e6.
 */
export const round: Architecture = {
  name: 'round',
  layers: 1,
  hidden: 1000,
  intermediate: 1000,
  heads: 10,
  kvHeads: 10,
  vocab: 1000,
  tiedEmbeddings: false,
  mlp: 'standard',
}
