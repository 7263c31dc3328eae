import { AuditPageSchema, AuditQuerySchema, AuditVerificationSchema } from '@feijiu/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { Roles } from '../platform/http/access.decorators';
import { AuditService } from './audit.service';

class AuditQueryDto extends createZodDto(AuditQuerySchema) {}
class AuditPageDto extends createZodDto(AuditPageSchema) {}
class AuditVerificationDto extends createZodDto(AuditVerificationSchema) {}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Who changed what, when and from where: newest first, filtered, a page per `cursor`. */
  @Get()
  @ZodResponse({ type: AuditPageDto })
  list(@Query() query: AuditQueryDto) {
    return this.audit.list(query);
  }

  /** Walks the hash chain from the first entry; `ok: false` names the first changed or removed entry. */
  @Get('verify')
  @ZodResponse({ type: AuditVerificationDto })
  verify() {
    return this.audit.verify();
  }
}
