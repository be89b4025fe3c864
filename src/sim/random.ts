// The one source of randomness: a seeded PRNG (sfc32, seeded through splitmix32). The same seed
// gives the same sequence on every machine; nothing in the engine or simulator uses Math.random.

export class Random {
  // Small whole numbers from the start and int32 ever after (`| 0` below): V8 then keeps the
  // fields as untagged integers. A field first defined as undefined (a bare declaration), or one
  // that once held a number of 2^31 or more, stays generic or a boxed double, and a draw costs
  // about 4 times as much (9-10 ns instead of 2.5 for uint32 here).
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a whole number from 0; got ${seed}`);
    let s = (seed ^ Math.floor(seed / 2 ** 32)) >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next() | 0;
    this.b = next() | 0;
    this.c = next() | 0;
    this.d = next() | 0;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.uint32() / 4_294_967_296;
  }

  /**
   * An exponential draw with mean 1, by the ziggurat method (Marsaglia and Tsang, 2000): one
   * 32-bit draw and a table look-up for 98.9% of draws, a logarithm only for the rest. The low
   * 8 bits pick the layer and the other 24 the position in it, so the two are independent.
   */
  exponential(): number {
    for (;;) {
      const j = this.uint32();
      const i = j & 255;
      const u = j >>> 8;
      if (u < KE[i]!) return u * WE[i]!;
      if (i === 0) return R - Math.log(1 - this.float()); // the tail beyond the last layer
      const x = u * WE[i]!;
      if (FE[i]! + this.float() * (FE[i - 1]! - FE[i]!) < Math.exp(-x)) return x;
    }
  }

  /**
   * A standard normal draw, by the ziggurat method (Marsaglia and Tsang, 2000): one 32-bit draw
   * and a table look-up for 98.8% of draws, no logarithm, square root or cosine on that path.
   * The low 7 bits pick the layer, the next bit the sign and the top 24 the position in the layer.
   */
  normal(): number {
    for (;;) {
      const j = this.uint32();
      const i = j & 127;
      const u = j >>> 8;
      const sign = (j & 128) === 0 ? 1 : -1;
      if (u < KN[i]!) return sign * u * WN[i]!;
      if (i === 0) {
        // The tail beyond the last layer (Marsaglia's method for |x| > RN).
        let x: number;
        let y: number;
        do {
          x = -Math.log(1 - this.float()) / RN;
          y = -Math.log(1 - this.float());
        } while (y + y < x * x);
        return sign * (RN + x);
      }
      const x = u * WN[i]!;
      if (FN[i]! + this.float() * (FN[i - 1]! - FN[i]!) < Math.exp(-0.5 * x * x)) return sign * x;
    }
  }

  /** A uniform whole number in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4_294_967_296) throw new RangeError(`int(n) needs a whole n from 1 to 2^32; got ${n}`);
    return Math.floor(this.float() * n);
  }
}

// Ziggurat tables for the exponential distribution: 256 layers of equal area V, the base layer
// reaching to R (Marsaglia and Tsang's constants), positions scaled to 24 bits.
const R = 7.697117470131487;
const V = 3.949659822581572e-3;
const M = 2 ** 24;
const KE = new Uint32Array(256);
const WE = new Float64Array(256);
const FE = new Float64Array(256);
{
  let d = R;
  let t = d;
  const q = V / Math.exp(-d);
  KE[0] = Math.floor((d / q) * M);
  KE[1] = 0;
  WE[0] = q / M;
  WE[255] = d / M;
  FE[0] = 1;
  FE[255] = Math.exp(-d);
  for (let i = 254; i >= 1; i--) {
    d = -Math.log(V / d + Math.exp(-d));
    KE[i + 1] = Math.floor((d / t) * M);
    t = d;
    FE[i] = Math.exp(-d);
    WE[i] = d / M;
  }
}

// Ziggurat tables for the standard normal's right half: 128 layers of equal area VN, the base
// layer reaching to RN (Marsaglia and Tsang's constants), positions scaled to 24 bits.
const RN = 3.442619855899;
const VN = 9.91256303526217e-3;
const KN = new Uint32Array(128);
const WN = new Float64Array(128);
const FN = new Float64Array(128);
{
  let d = RN;
  let t = d;
  const q = VN / Math.exp(-0.5 * d * d);
  KN[0] = Math.floor((d / q) * M);
  KN[1] = 0;
  WN[0] = q / M;
  WN[127] = d / M;
  FN[0] = 1;
  FN[127] = Math.exp(-0.5 * d * d);
  for (let i = 126; i >= 1; i--) {
    d = Math.sqrt(-2 * Math.log(VN / d + Math.exp(-0.5 * d * d)));
    KN[i + 1] = Math.floor((d / t) * M);
    t = d;
    FN[i] = Math.exp(-0.5 * d * d);
    WN[i] = d / M;
  }
}
