/** The built-in scenario classes: one line each, through the same call a plugin uses. */
import { boolqScenario } from './boolq-scenario';
import { customMcqaScenario } from './custom-mcqa-scenario';
import { declarativeScenario } from './declarative/scenario';
import { hellaswagScenario, openbookqaScenario } from './commonsense-scenario';
import { gsmScenario } from './gsm-scenario';
import { lsatQaScenario } from './lsat-qa-scenario';
import { mmluScenario } from './mmlu-scenario';
import { narrativeqaScenario } from './narrativeqa-scenario';
import { registerScenario } from './scenario';
import { syntheticReasoningNaturalScenario } from './synthetic-reasoning-natural-scenario';
import { syntheticReasoningScenario } from './synthetic-reasoning-scenario';
import { truthfulQaScenario } from './truthful-qa-scenario';
import { wikitext103Scenario } from './wikitext-103-scenario';

registerScenario(mmluScenario);
registerScenario(gsmScenario);
registerScenario(lsatQaScenario);
registerScenario(syntheticReasoningScenario);
registerScenario(syntheticReasoningNaturalScenario);
registerScenario(wikitext103Scenario);
registerScenario(boolqScenario);
registerScenario(truthfulQaScenario);
registerScenario(hellaswagScenario);
registerScenario(openbookqaScenario);
registerScenario(narrativeqaScenario);
registerScenario(customMcqaScenario);
registerScenario(declarativeScenario);
