// Which bytes of a video sample CENC encrypts. Each NAL unit's length field and header stay
// clear so a decoder can find its way through the sample; non-VCL NAL units (SPS, PPS, SEI,
// AUD) stay wholly clear; slice data is encrypted. The protected part of each subsample is
// kept a whole number of 16-byte blocks (the leftover joins the clear part): `cenc` CTR does
// not require it, but it is what Shaka Packager writes and every decryptor accepts it.
import { BmffError } from './bmff.ts';

export interface Subsample {
  clear: number;
  protected: number;
}

export type NalCodec = 'avc' | 'hevc';

const MAX_CLEAR = 0xffff; // BytesOfClearData is a u16

function isVcl(codec: NalCodec, firstHeaderByte: number): boolean {
  if (codec === 'avc') {
    const type = firstHeaderByte & 0x1f;
    return type >= 1 && type <= 5;
  }
  return ((firstHeaderByte >> 1) & 0x3f) < 32;
}

export function videoSubsamples(sample: Uint8Array, nalLengthSize: number, codec: NalCodec): Subsample[] {
  const headerSize = codec === 'avc' ? 1 : 2;
  const out: Subsample[] = [];
  let pendingClear = 0;
  let at = 0;
  while (at < sample.length) {
    if (at + nalLengthSize > sample.length) {
      throw new BmffError('MALFORMED_SAMPLE', `a NAL length field is cut off at byte ${at} of a ${sample.length}-byte sample`, 'Re-encode the source with ffmpeg.');
    }
    let nalSize = 0;
    for (let i = 0; i < nalLengthSize; i++) nalSize = nalSize * 256 + sample[at + i]!;
    const nalEnd = at + nalLengthSize + nalSize;
    if (nalSize < headerSize || nalEnd > sample.length) {
      throw new BmffError('MALFORMED_SAMPLE', `a NAL unit of ${nalSize} bytes overruns its ${sample.length}-byte sample`, 'Re-encode the source with ffmpeg.');
    }
    const body = nalSize - headerSize;
    const encrypted = isVcl(codec, sample[at + nalLengthSize]!) ? body - (body % 16) : 0;
    pendingClear += nalLengthSize + nalSize - encrypted;
    if (encrypted > 0) {
      while (pendingClear > MAX_CLEAR) {
        out.push({ clear: MAX_CLEAR, protected: 0 });
        pendingClear -= MAX_CLEAR;
      }
      out.push({ clear: pendingClear, protected: encrypted });
      pendingClear = 0;
    }
    at = nalEnd;
  }
  while (pendingClear > 0) {
    const clear = Math.min(pendingClear, MAX_CLEAR);
    out.push({ clear, protected: 0 });
    pendingClear -= clear;
  }
  return out;
}
