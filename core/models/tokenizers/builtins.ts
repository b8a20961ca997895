/** The built-in tokenizer classes: one line each, through the same call a plugin uses. */
import { getHuggingFaceTokenizer } from './load-huggingface-tokenizer';
import { simpleTokenizer } from './simple-tokenizer';
import { TIKTOKEN_TOKENIZER_CLASS, getTiktokenTokenizer } from './tiktoken-tokenizer';
import { HUGGING_FACE_TOKENIZER_CLASS, SIMPLE_TOKENIZER_CLASS, registerTokenizer } from './tokenizer-registry';

registerTokenizer(SIMPLE_TOKENIZER_CLASS, () => simpleTokenizer);
registerTokenizer(HUGGING_FACE_TOKENIZER_CLASS, (name, config) => getHuggingFaceTokenizer(name, config));
registerTokenizer(TIKTOKEN_TOKENIZER_CLASS, (name) => getTiktokenTokenizer(name));
