/** The built-in tokenizer classes: one line each, through the same call a plugin uses. */
import { getHuggingFaceTokenizer } from './load-huggingface-tokenizer';
import { SERVICE_TOKENIZERS, unavailableServiceTokenizer } from './service-tokenizers';
import { simpleTokenizer } from './simple-tokenizer';
import { TIKTOKEN_TOKENIZER_CLASS, getTiktokenTokenizer } from './tiktoken-tokenizer';
import { HUGGING_FACE_TOKENIZER_CLASS, SIMPLE_TOKENIZER_CLASS, registerTokenizer } from './tokenizer-registry';

registerTokenizer(SIMPLE_TOKENIZER_CLASS, () => simpleTokenizer);
registerTokenizer(HUGGING_FACE_TOKENIZER_CLASS, (name, config) => getHuggingFaceTokenizer(name, config));
registerTokenizer(TIKTOKEN_TOKENIZER_CLASS, (name) => getTiktokenTokenizer(name));
// Provider tokenizers (AI21, Cohere, Aleph Alpha): a clear stop instead of "not implemented".
for (const className of Object.keys(SERVICE_TOKENIZERS)) registerTokenizer(className, unavailableServiceTokenizer(className));
