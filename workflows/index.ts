// The workflow bundle: every exported function here is a workflow type.
export { suiteWorkflow } from './suite-workflow';
export { shardWorkflow } from './shard-workflow';
export { runWorkflow } from './run-workflow';
export { summarizeWorkflow } from './summarize-workflow';
