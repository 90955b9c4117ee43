import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { UserIdentityEntity } from './user-identity.entity';
import { UserIdentitiesService } from './user-identities.service';
import { UserIdentityRepository } from './user-identity.repository';

/** Identities at identity providers linked to users; also used by the admin CLI. */
@Module({
  imports: [UsersModule, TypeOrmModule.forFeature([UserIdentityEntity])],
  providers: [UserIdentitiesService, UserIdentityRepository],
  exports: [UserIdentitiesService, UserIdentityRepository],
})
export class UserIdentitiesModule {}
