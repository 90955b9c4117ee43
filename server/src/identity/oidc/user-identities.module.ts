import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserEntity } from '../users/user.entity';
import { UserIdentityEntity } from './user-identity.entity';
import { UserIdentitiesService } from './user-identities.service';

/** Identities at identity providers linked to users; also used by the admin CLI. */
@Module({
  imports: [TypeOrmModule.forFeature([UserIdentityEntity, UserEntity])],
  providers: [UserIdentitiesService],
  exports: [UserIdentitiesService],
})
export class UserIdentitiesModule {}
