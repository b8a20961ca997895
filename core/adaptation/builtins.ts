/** The built-in adapters: one line each, through the same call a plugin uses. */
import { registerAdapter } from './adapter-registry';
import { chatRequests } from './chat';
import { generationRequests } from './generation';
import { inContextAdapter } from './in-context';
import { languageModelingAdapt } from './language-modeling';
import { multipleChoiceJointRequests } from './multiple-choice-joint';
import { multipleChoiceJointChainOfThoughtRequests } from './multiple-choice-joint-cot';
import { multipleChoiceCalibratedRequests, multipleChoiceSeparateRequests } from './multiple-choice-separate';
import { rankingBinaryRequests } from './ranking-binary';

registerAdapter('generation', inContextAdapter(generationRequests));
registerAdapter('chat', inContextAdapter(chatRequests));
registerAdapter('language_modeling', languageModelingAdapt);
registerAdapter('multiple_choice_joint', inContextAdapter(multipleChoiceJointRequests));
registerAdapter('multiple_choice_joint_chain_of_thought', inContextAdapter(multipleChoiceJointChainOfThoughtRequests));
registerAdapter('multiple_choice_separate_original', inContextAdapter(multipleChoiceSeparateRequests));
registerAdapter('multiple_choice_separate_calibrated', inContextAdapter(multipleChoiceCalibratedRequests));
registerAdapter('ranking_binary', inContextAdapter(rankingBinaryRequests));
