/** The one reader of synthesized stacks (`cdk.tf.json`) that cost, simulate, drill and deliverables share. */
export * from './tfjson';
export * from './stack-index';
export * from './views';
export * from './disaster-recovery';
