/** HELM Classic's harms scenarios (RealToxicityPrompts, BOLD) and HELM Instruct's scenarios. */
import { anthropicHhRlhfScenario } from './anthropic-hh-rlhf-scenario';
import { boldScenario } from './bold-scenario';
import { grammarScenario } from './grammar-scenario';
import { koalaScenario } from './koala-scenario';
import { openAssistantScenario } from './open-assistant-scenario';
import { realToxicityPromptsScenario } from './real-toxicity-prompts-scenario';
import { registerScenario } from './scenario';
import { selfInstructScenario } from './self-instruct-scenario';
import { vicunaScenario } from './vicuna-scenario';

registerScenario(realToxicityPromptsScenario);
registerScenario(boldScenario);
registerScenario(selfInstructScenario);
registerScenario(grammarScenario);
registerScenario(openAssistantScenario);
registerScenario(vicunaScenario);
registerScenario(koalaScenario);
registerScenario(anthropicHhRlhfScenario);
