import { IConstruct } from 'constructs';
import { TerraformDataSource, TerraformResource } from 'cdktf';
import type { StackTypes } from '../constructs/delivery/stack-services';

/** The resource and data source types under a scope (a stack): what its synthesized JSON's `resource` and `data` hold. */
export function stackTypes(scope: IConstruct): StackTypes {
  const resources = new Set<string>();
  const dataSources = new Set<string>();
  for (const node of scope.node.findAll()) {
    if (node instanceof TerraformResource) resources.add(node.terraformResourceType);
    else if (node instanceof TerraformDataSource) dataSources.add(node.terraformResourceType);
  }
  return { resources: [...resources].sort(), dataSources: [...dataSources].sort() };
}
