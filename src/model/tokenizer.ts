import { Tokenizer } from '@huggingface/tokenizers';
import { AlcoveError, errorMessage } from '../core/errors';

/** A loaded WordPiece/BPE tokenizer from a Hugging Face `tokenizer.json`. */
export interface TextTokenizer {
  encode(text: string): number[];
  readonly padId: number;
}

export function createTokenizer(tokenizerJson: unknown, tokenizerConfig: unknown): TextTokenizer {
  const json = tokenizerJson as Record<string, unknown> | null;
  if (typeof json !== 'object' || json === null || typeof json['model'] !== 'object' || json['model'] === null) {
    throw new AlcoveError('tokenizer_invalid', 'tokenizer.json has no "model" section: not a Hugging Face tokenizer file');
  }
  let tok: Tokenizer;
  try {
    tok = new Tokenizer(json, (tokenizerConfig as object | null) ?? {});
    if (tok.encode('ok').ids.length === 0) throw new Error('encodes text to nothing');
  } catch (e) {
    if (e instanceof AlcoveError) throw e;
    throw new AlcoveError('tokenizer_invalid', `tokenizer.json could not be loaded: ${errorMessage(e)}`);
  }
  const padId = tok.token_to_id('[PAD]') ?? 0;
  return { encode: (text) => tok.encode(text).ids, padId };
}
