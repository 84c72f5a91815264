/**
 * Loading the kernel's WebAssembly modules (Philox, the chunk kernel): their bytes are committed
 * as base64 in TypeScript modules, so the sources (tests) and the build load them the same way,
 * synchronously, with no file lookup.
 */

/** The part of the WebAssembly JS API used here (not in the ES2022 lib that tsc is given). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: unknown }
}

/** A compiled module and what instantiates it. */
export interface CompiledWasm {
  /** A new instance's exports (each instance has its own memory). */
  instantiate(): unknown
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/**
 * Compiles a module from its base64 bytes, or returns null where WebAssembly (or a feature the
 * module uses, such as SIMD) is missing: callers then use their TypeScript path, which gives the
 * same numbers.
 *
 * @example
 * compileWasm('AGFzbQEAAAA=')?.instantiate() !== undefined // => true (the empty module: magic number and version)
 * compileWasm('bm90IHdhc20=') // => null (not WebAssembly)
 */
export function compileWasm(base64: string): CompiledWasm | null {
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
    if (wasm === undefined) return null
    const module = new wasm.Module(decodeBase64(base64))
    return { instantiate: () => new wasm.Instance(module, {}).exports }
  } catch {
    return null
  }
}
