import { ScryptPasswordHasher } from '../../server/adapters/crypto/scrypt.password-hasher';
import { passwordHasherContract } from './password-hasher.contract';

passwordHasherContract('scrypt (test cost)', () => new ScryptPasswordHasher(2 ** 10));
passwordHasherContract('scrypt (production cost)', () => new ScryptPasswordHasher());
