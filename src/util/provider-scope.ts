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
