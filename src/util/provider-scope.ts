import { IConstruct } from 'constructs';
import { Aspects, IAspect, TerraformDataSource, TerraformProvider, TerraformResource } from 'cdktf';

/**
 * Puts every resource and data source under `scope` that names no provider of its own on `provider`
 * (e.g. an aliased provider for a DR region), so a construct can be reused in another region without
 * threading a `provider` argument through each resource it creates, now or later.
 */
export function useProvider(scope: IConstruct, provider: TerraformProvider): void {
  const aspect: IAspect = {
    visit(node: IConstruct) {
      if ((node instanceof TerraformResource || node instanceof TerraformDataSource) && node.provider === undefined) {
        node.provider = provider;
      }
    },
  };
  Aspects.of(scope).add(aspect);
}

/**
 * Adds `tags` to every taggable resource under `scope` (merged over its own), e.g. `stormproof:dr` on a DR
 * region's app tier, so tools can tell the standby copies from the primary's.
 */
export function tagResources(scope: IConstruct, tags: Record<string, string>): void {
  const aspect: IAspect = {
    visit(node: IConstruct) {
      // Generated resources that accept a `tags` map have a `tagsInput` getter; others (policies, rules, ASGs' tag blocks) do not.
      if (node instanceof TerraformResource && 'tagsInput' in node) {
        for (const [key, value] of Object.entries(tags)) node.addOverride(`tags.${key}`, value);
      }
    },
  };
  Aspects.of(scope).add(aspect);
}
