/** Unit tests (fast, no Terraform) and Terraform checks (real provider, moto) as two jest projects. */
const tsJest = ['ts-jest', { diagnostics: false }];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFilesAfterEnv: ['<rootDir>/setup.js'],
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/__tests__/**/*.test.ts'], testPathIgnorePatterns: ['/__tests__/terraform/'] },
    { ...common, displayName: 'terraform', testMatch: ['<rootDir>/__tests__/terraform/**/*.test.ts'], globalSetup: '<rootDir>/__tests__/terraform/support/global-setup.ts' },
  ],
};
